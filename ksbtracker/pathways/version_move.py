"""Moving an apprentice to a new version of their standard by a confirmed crosswalk.

A new enrolment on the new version takes over: evidence (with its files, rounds and decisions), sign-offs,
the OTJ log and qualifications are copied with each KSB mapped by the crosswalk; a new KSB that nothing maps
to starts as not started. The old enrolment is closed, its record exactly as it was.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from ksbtracker.audit.api import record_change
from ksbtracker.evidence.files import read_stored_file, store_file
from ksbtracker.evidence.models import EvidenceAttachment, EvidenceItem, KSBDecision
from ksbtracker.lifecycle.services import may_record_changes, record_version_move
from ksbtracker.people.services import create_enrolment
from ksbtracker.progress.models import OTJLogEntry, QualificationAchieved
from ksbtracker.reviews.models import KSBSignOff

from .models import CrosswalkLink

__all__ = ["move_to_version", "crosswalk_map"]


def crosswalk_map(from_version, to_version) -> dict[int, int | None]:
    """{old KSB id: new KSB id or None} as confirmed; ValidationError when any old KSB is not yet decided."""
    links = dict(
        CrosswalkLink.objects.filter(from_ksb__standard_version=from_version, to_version=to_version)
        .values_list("from_ksb_id", "to_ksb_id")
    )  # fmt: skip
    missing = from_version.ksbs.exclude(pk__in=links).count()
    if missing:
        raise ValidationError({"to_version": f"Confirm the crosswalk to version {to_version.version} first: "
                                             f"{missing} KSBs are not mapped yet"})  # fmt: skip
    return links


def _copy_evidence(old, new, mapping) -> int:
    items = EvidenceItem.objects.filter(enrolment=old).prefetch_related("ksbs", "attachments", "rounds__decisions")
    for item in items:
        ksbs, attachments, rounds = list(item.ksbs.all()), list(item.attachments.all()), list(item.rounds.all())
        item.pk, item.enrolment = None, new
        item.save()
        item.ksbs.set({mapping[k.pk] for k in ksbs if mapping.get(k.pk)})
        for attachment in attachments:
            data = read_stored_file(attachment.stored_name)
            attachment.pk, attachment.item = None, item
            attachment.stored_name = store_file(ContentFile(data))
            EvidenceAttachment.objects.bulk_create([attachment])
        for assessment in rounds:
            decisions = list(assessment.decisions.all())
            assessment.pk, assessment.item = None, item
            assessment.save()
            seen = set()
            for decision in decisions:
                target = mapping.get(decision.ksb_id)
                if target and target not in seen:
                    seen.add(target)
                    KSBDecision.objects.create(round=assessment, ksb_id=target, outcome=decision.outcome,
                                               feedback=decision.feedback)  # fmt: skip
    return len(items)


def _copy_the_rest(old, new, mapping, version_label: str) -> None:
    seen = set()
    for sign_off in KSBSignOff.objects.filter(enrolment=old).select_related("ksb"):
        target = mapping.get(sign_off.ksb_id)
        if target and target not in seen:
            seen.add(target)
            KSBSignOff.objects.create(enrolment=new, ksb_id=target, signed_off_by=sign_off.signed_off_by,
                                      comment=f"Signed off as {sign_off.ksb.code} of {version_label}. {sign_off.comment}".strip())  # fmt: skip
    for entry in OTJLogEntry.objects.filter(enrolment=old).prefetch_related("ksbs"):
        ksbs = list(entry.ksbs.all())
        entry.pk, entry.enrolment = None, new
        entry.save()
        entry.ksbs.set({mapping[k.pk] for k in ksbs if mapping.get(k.pk)})
    for qualification in QualificationAchieved.objects.filter(enrolment=old):
        qualification.pk, qualification.enrolment = None, new
        qualification.save()


@transaction.atomic
def move_to_version(*, enrolment, actor, to_version, effective_on, reason):
    """The new enrolment on ``to_version``, carrying over by the confirmed crosswalk."""
    if not may_record_changes(actor, enrolment):
        raise PermissionDenied("Only the provider's admins move an open apprenticeship to a new version.")
    old_version = enrolment.standard_version
    if to_version.reference_number != old_version.reference_number or to_version.pk == old_version.pk:
        raise ValidationError({"to_version": f"Choose another version of {old_version.reference_number}"})
    mapping = crosswalk_map(old_version, to_version)
    new = create_enrolment(
        learner=enrolment.learner, standard_version=to_version, employer=enrolment.employer,
        provider=enrolment.provider, epao=enrolment.epao, assessor=enrolment.assessor,
        line_manager=enrolment.line_manager, start_date=enrolment.start_date,
        planned_end_date=enrolment.planned_end_date, weekly_hours=enrolment.weekly_hours,
        agreed_price=enrolment.agreed_price, actor=actor,
    )  # fmt: skip
    label = f"{old_version.reference_number} version {old_version.version}"
    items = _copy_evidence(enrolment, new, mapping)
    _copy_the_rest(enrolment, new, mapping, label)
    record_version_move(enrolment=enrolment, actor=actor, effective_on=effective_on, reason=reason,
                        new_enrolment=new)  # fmt: skip
    record_change(actor=actor, action="enrolment.moved_from_version", instance=new,
                  after={"from_enrolment": enrolment.pk, "from_version": label, "evidence_items": items})  # fmt: skip
    return new
