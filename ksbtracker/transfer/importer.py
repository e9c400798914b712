"""Receiving a learner record: verify it, keep it, and start a linked enrolment at the receiving provider.

Importing the same file again changes nothing. When the record came from this same service, the sending
apprenticeship is closed as transferred, its record otherwise untouched.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ksbtracker import uploads
from ksbtracker.audit.api import record_change
from ksbtracker.lifecycle.services import record_transfer_out
from ksbtracker.people.models import Enrolment, Organisation, OrganisationKind, User
from ksbtracker.people.services import create_enrolment, create_user
from ksbtracker.standards.models import StandardVersion

from . import instance_key
from .models import TransferredRecord
from .package import RecordRefused, read_package

__all__ = ["import_record", "RecordRefused", "FOLDER"]

FOLDER = "transfers"


def _standard(record: dict) -> StandardVersion:
    standard = record["standard"]
    found = StandardVersion.objects.filter(
        reference_number=standard["reference"], version=standard["version"]
    ).first()
    if found is None:
        raise RecordRefused(
            f"The part record.json is for {standard['reference']} version {standard['version']}, "
            "which this service does not hold: import the standard first."
        )
    return found


def _learner(record: dict, actor) -> User:
    learner = record["learner"]
    user = User.objects.filter(email__iexact=learner["email"]).first()
    return user or create_user(email=learner["email"], full_name=learner["name"], password=None, actor=actor)


@transaction.atomic
def import_record(data: bytes, *, provider: Organisation, actor=None) -> tuple[TransferredRecord, bool]:
    """(the transferred record, whether it is new). RecordRefused, naming the part, for a file that fails."""
    if provider.kind != OrganisationKind.PROVIDER:
        raise RecordRefused(f"{provider.name} is not a training provider.")
    package = read_package(data)
    existing = TransferredRecord.objects.filter(manifest_sha256=package.manifest_sha256).first()
    if existing is not None:
        return existing, False
    try:
        record = package.json("record.json")
        original = record["enrolment"]
        parts = {
            name.removesuffix(".json"): package.json(name) for name in package.parts if name.endswith(".json")
        }
    except (KeyError, ValueError):
        raise RecordRefused("The part record.json cannot be read as a learner record.") from None
    sender = package.manifest["sender"]
    source = None
    if sender["public_key"] == instance_key.public_key_text():
        email = record["learner"]["email"]
        source = Enrolment.objects.filter(pk=original["id"], learner__email__iexact=email).first()
        if source is not None and source.provider_id == provider.pk:
            raise RecordRefused(
                f"This record is already held by {provider.name}: it is the apprenticeship it came from."
            )
    today = timezone.localdate()
    planned_end = datetime.date.fromisoformat(original["planned_end_date"])
    enrolment = create_enrolment(
        learner=_learner(record, actor), standard_version=_standard(record), provider=provider,
        employer=Organisation.objects.get_or_create(name=record["employer"], kind=OrganisationKind.EMPLOYER)[0],
        start_date=today, planned_end_date=max(planned_end, today + datetime.timedelta(days=1)),
        weekly_hours=original["weekly_hours"], agreed_price=original["agreed_price"], actor=actor,
    )  # fmt: skip
    transferred = TransferredRecord.objects.create(
        enrolment=enrolment, manifest_sha256=package.manifest_sha256, sender_name=sender["name"][:200],
        sender_public_key=sender["public_key"], sender_key_fingerprint=instance_key.key_fingerprint(sender["public_key"]),
        source_enrolment_id=original["id"], exported_at=package.manifest["exported_at"], parts=parts,
        stored_name=uploads.store_file(ContentFile(data), folder=FOLDER), imported_by=actor,
    )  # fmt: skip
    record_change(actor=actor, action="enrolment.record_imported", instance=enrolment,
                  after={"from": sender["name"], "key": transferred.sender_key_fingerprint,
                         "manifest_sha256": package.manifest_sha256})  # fmt: skip
    if source is not None:
        record_transfer_out(enrolment=source, actor=actor, to_provider=provider, new_enrolment=enrolment)
    return transferred, True
