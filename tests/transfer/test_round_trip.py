"""Export a full record, import it at another provider on a fresh database: everything matches; an altered
file is refused naming the part; importing twice changes nothing."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ksbtracker.people.models import Enrolment
from ksbtracker.progress.otj import otj_position
from ksbtracker.progress.status import ksb_statuses
from ksbtracker.signing.api import verify_record
from ksbtracker.standards.builtin import load_builtin_standards
from ksbtracker.transfer import instance_key
from ksbtracker.transfer.models import TransferredRecord
from ksbtracker.transfer.selectors import signed_records

from .helpers import FILE_TEXT, altered, demo_record, receiving_provider

pytestmark = pytest.mark.django_db(transaction=True)

DATA_MIGRATIONS = (
    "ksbtracker.funding.migrations.0002_builtin_rule_sets",
    "ksbtracker.funding.migrations.0005_four_rule_sets_by_start_date",
    "ksbtracker.scans.migrations.0002_default_rating_scale",
)


def fresh_instance(settings, tmp_path):
    """An empty database with only what setup loads, and this instance's own keys."""
    call_command("flush", interactive=False, verbosity=0)
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)
    load_builtin_standards()
    settings.INSTANCE_KEY_FILE = str(tmp_path / "receiving-instance-key")
    settings.SIGNING_KEYS_FILE = str(tmp_path / "receiving-signing-keys")


@pytest.fixture(autouse=True)
def _sending_keys(settings, tmp_path):
    settings.INSTANCE_KEY_FILE = str(tmp_path / "sending-instance-key")
    settings.SIGNING_KEYS_FILE = str(tmp_path / "sending-signing-keys")


def test_round_trip_to_a_fresh_database(client, settings, tmp_path):
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)
    enrolment = demo_record()
    expected_status = {p.ksb.code: p.status_label for p in ksb_statuses(enrolment)}
    expected_otj = otj_position(enrolment)
    expected_signatures = sum(len(verify_record(s, c)) for s, c in _signed(enrolment))
    sender_key = instance_key.public_key_text()
    path = tmp_path / "record.zip"
    call_command("export_record", str(enrolment.pk), "--output", str(path), verbosity=0)
    data = path.read_bytes()

    fresh_instance(settings, tmp_path)
    assert not Enrolment.objects.exists()
    assert instance_key.public_key_text() != sender_key
    provider, admin = receiving_provider()
    call_command("import_record", str(path), "--provider", provider.name, verbosity=0)
    record = TransferredRecord.objects.get()
    assert record.sender_public_key == sender_key
    assert record.parts["figures"]["ksb_status"] == expected_status
    assert record.parts["figures"]["otj"]["done"] == str(expected_otj.done)
    checks = [s for signed in signed_records(record) for s in signed["signatures"]]
    assert len(checks) == expected_signatures and all(s["verified"] for s in checks)
    client.force_login(admin)
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Supervision notes" in page and "Reflection on my first risk assessment" in page
    assert page.count("Verified</strong>") == expected_signatures
    file_sha = next(a["sha256"] for i in record.parts["evidence"] for a in i["attachments"])
    download = client.get(reverse("transferred-file", args=[record.pk, file_sha]))
    assert b"".join(download.streaming_content) == FILE_TEXT
    new = record.enrolment
    assert new.provider == provider and new.learner.email == "learner2@example.org"
    assert (
        "Transferred from Northern University Probation Academy"
        in client.get(new.get_absolute_url()).content.decode()
    )

    # Importing the same file again changes nothing.
    call_command("import_record", str(path), "--provider", provider.name, verbosity=0)
    assert TransferredRecord.objects.count() == 1 and Enrolment.objects.count() == 1

    # One byte changed anywhere: refused, naming the part.
    for part in ("evidence.json", f"attachments/{file_sha}", "manifest.json"):
        bad = tmp_path / "altered.zip"
        bad.write_bytes(altered(data, part))
        with pytest.raises(CommandError, match=f"refused: The part {part}"):
            call_command("import_record", str(bad), "--provider", provider.name, verbosity=0)
    assert TransferredRecord.objects.count() == 1


def _signed(enrolment):
    from ksbtracker.plans.services import plan_content
    from ksbtracker.reviews.services import review_content
    from ksbtracker.scans.services import scan_content

    yield from ((s, scan_content(s)) for s in enrolment.skills_scans.all())
    yield from ((p, plan_content(p)) for p in enrolment.training_plans.all())
    yield from ((r, review_content(r)) for r in enrolment.progress_reviews.all())
