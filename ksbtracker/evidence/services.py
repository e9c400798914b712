"""Writes for evidence: create and change items, attach files, submit, assess. Every change is audited.

Free text (titles, accounts, file names) is never copied into the append-only audit trail: it may hold
personal data that has to be removed later. The trail records what changed, with SHA-256 fingerprints
of the text, so a record can still be shown to be the one that was submitted and assessed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from ksbtracker.audit.api import record_change
from ksbtracker.people.notifications import notify
from ksbtracker.personal_data import Finding, newly_confirmed_findings
from ksbtracker.standards.models import KSB, Criterion, Duty
from ksbtracker.uploads import accept_upload, discard_upload

from . import files
from .access import may_add_evidence, may_assess_evidence
from .models import (
    EDITABLE_STATUSES,
    MAX_OTJ_HOURS_PER_ITEM,
    AssessmentRound,
    EvidenceAttachment,
    EvidenceItem,
    EvidenceStatus,
    KSBDecision,
    KSBOutcome,
    PersonalDataConfirmation,
    RoundOutcome,
)
from .selectors import submitted_content

__all__ = [
    "EvidenceDetails",
    "MAX_ATTACHMENTS_PER_ITEM",
    "create_item",
    "update_item",
    "add_attachment",
    "remove_attachment",
    "submit_item",
    "assess_item",
]

MAX_ATTACHMENTS_PER_ITEM = 20


@dataclass(frozen=True)
class EvidenceDetails:
    evidence_type: str
    title: str
    activity_date: datetime.date | None
    account: str
    is_off_the_job: bool
    otj_hours: Decimal | None
    ksb_ids: Collection[int]
    duty_ids: Collection[int] = ()
    criterion_ids: Collection[int] = ()


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _audit(*, actor, action: str, item: EvidenceItem, before=None, after=None) -> None:
    record_change(
        actor=actor, action=action, instance=item, object_label=f"Evidence item {item.pk}",
        before=before, after=after,
    )  # fmt: skip


def _fresh(item: EvidenceItem) -> EvidenceItem:
    """The item's current row, locked for this transaction, so changes are made on its real state."""
    return (
        EvidenceItem.objects.select_for_update()
        .select_related("enrolment__learner", "enrolment__standard_version")
        .get(pk=item.pk)
    )


def _cleaned(item: EvidenceItem, details: EvidenceDetails) -> dict:
    """Set the details on ``item`` and check them all, so the learner sees every problem at once.

    Returns the mapping to save; raises a ValidationError keyed by field.
    """
    for name in ("evidence_type", "activity_date", "is_off_the_job", "otj_hours"):
        setattr(item, name, getattr(details, name))
    item.title, item.account = details.title.strip(), details.account.strip()
    errors: dict[str, list[str]] = {}
    try:
        item.clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if item.is_off_the_job and "otj_hours" not in errors and item.activity_date:
        errors.update(_day_total_errors(item))
    version_id = item.enrolment.standard_version_id
    ksbs = list(KSB.objects.filter(pk__in=set(details.ksb_ids), standard_version_id=version_id))
    if not details.ksb_ids:
        errors["ksbs"] = ["Select at least one KSB that this evidence shows"]
    elif len(ksbs) != len(set(details.ksb_ids)):
        errors["ksbs"] = ["Select KSBs from this apprenticeship's standard only"]
    duties = list(Duty.objects.filter(pk__in=set(details.duty_ids), standard_version_id=version_id))
    if len(duties) != len(set(details.duty_ids)):
        errors["duties"] = ["Select duties from this apprenticeship's standard only"]
    criteria = list(Criterion.objects.filter(pk__in=set(details.criterion_ids), assessable=True))
    if len(criteria) != len(set(details.criterion_ids)):
        errors["criteria"] = ["Select criteria that evidence can be mapped to"]
    if errors:
        raise ValidationError(errors)
    return {"ksbs": ksbs, "duties": duties, "criteria": criteria}


def _day_total_errors(item: EvidenceItem) -> dict[str, list[str]]:
    """A day has 24 hours: the item's OTJ hours and the others logged that day must fit in it."""
    others = (
        EvidenceItem.objects.filter(
            enrolment=item.enrolment, activity_date=item.activity_date, is_off_the_job=True
        )
        .exclude(pk=item.pk)
        .aggregate(total=Sum("otj_hours"))["total"]
    ) or Decimal(0)
    total = others + item.otj_hours
    if total <= MAX_OTJ_HOURS_PER_ITEM:
        return {}
    return {
        "otj_hours": [
            f"Off-the-job hours on {item.activity_date:%-d %B %Y} would come to {total:g}, more than the "
            f"24 hours in a day. {others:g} hours are already logged that day"
        ]
    }


def _confirmed_before(item: EvidenceItem | None) -> set[tuple[str, str]]:
    earlier = set()
    if item is not None:
        for confirmation in item.personal_data_confirmations.all():
            earlier |= {(f["kind"], f["text"]) for f in confirmation.findings}
    return earlier


def _check_personal_data(
    *, item: EvidenceItem | None, texts: dict, confirmed: Collection[str]
) -> list[Finding]:
    return newly_confirmed_findings(texts, confirmed=confirmed, already_confirmed=_confirmed_before(item))


def _record_confirmation(*, item: EvidenceItem, actor, findings: list[Finding]) -> None:
    if not findings:
        return
    confirmation = PersonalDataConfirmation.objects.create(
        item=item, confirmed_by=actor, findings=[f.as_record() for f in findings]
    )
    _audit(
        actor=actor, action="evidence.personal_data_confirmed", item=item,
        after={"confirmation": confirmation.pk,
               "findings": [{"kind": f.kind, "where": f.where, "sha256": _fingerprint(f.text)} for f in findings]},
    )  # fmt: skip


def _audit_state(item: EvidenceItem) -> dict:
    return {
        "evidence_type": item.evidence_type, "activity_date": item.activity_date.isoformat(),
        "title_sha256": _fingerprint(item.title), "account_sha256": _fingerprint(item.account),
        "is_off_the_job": item.is_off_the_job, "otj_hours": str(item.otj_hours) if item.otj_hours else None,
        "ksbs": sorted(k.code for k in item.ksbs.all()), "duties": sorted(d.code for d in item.duties.all()),
        "criteria": sorted(item.criteria.values_list("pk", flat=True)), "status": item.status,
    }  # fmt: skip


def _save_mapping(item: EvidenceItem, mapping: dict) -> None:
    item.ksbs.set(mapping["ksbs"])
    item.duties.set(mapping["duties"])
    item.criteria.set(mapping["criteria"])


@transaction.atomic
def create_item(
    *, enrolment, actor, details: EvidenceDetails, confirmed_personal_data: Collection[str] = ()
) -> EvidenceItem:
    """A new draft item in the learner's portfolio. Raises PersonalDataFound until findings are confirmed."""
    if not may_add_evidence(actor, enrolment):
        raise PermissionDenied("Only the apprentice adds evidence to their portfolio.")
    item = EvidenceItem(enrolment=enrolment, created_by=actor)
    mapping = _cleaned(item, details)
    texts = {"title": item.title, "account": item.account}
    confirmed = _check_personal_data(item=None, texts=texts, confirmed=confirmed_personal_data)
    item.save()
    _save_mapping(item, mapping)
    _audit(actor=actor, action="evidence.created", item=item, after=_audit_state(item))
    _record_confirmation(item=item, actor=actor, findings=confirmed)
    return item


@transaction.atomic
def update_item(
    *, item: EvidenceItem, actor, details: EvidenceDetails, confirmed_personal_data: Collection[str] = ()
) -> EvidenceItem:
    """Change a draft or sent-back item. Nobody changes an item that is submitted or accepted."""
    item = _editable(item, actor)
    before = _audit_state(item)
    mapping = _cleaned(item, details)
    texts = {"title": item.title, "account": item.account}
    confirmed = _check_personal_data(item=item, texts=texts, confirmed=confirmed_personal_data)
    item.save()
    _save_mapping(item, mapping)
    _audit(actor=actor, action="evidence.changed", item=item, before=before, after=_audit_state(item))
    _record_confirmation(item=item, actor=actor, findings=confirmed)
    return item


def _editable(item: EvidenceItem, actor) -> EvidenceItem:
    item = _fresh(item)
    if not may_add_evidence(actor, item.enrolment):
        raise PermissionDenied("Only the apprentice changes their evidence.")
    if item.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"This evidence is {item.get_status_display().lower()}, so it cannot be changed.", code="locked"
        )
    return item


@transaction.atomic
def add_attachment(
    *, item: EvidenceItem, actor, upload, confirmed_personal_data: Collection[str] = ()
) -> EvidenceAttachment:
    """Check the file by its content, then store it under a random name. A refused file leaves nothing."""
    item = _editable(item, actor)
    if item.attachments.count() >= MAX_ATTACHMENTS_PER_ITEM:
        raise ValidationError({"file": f"An item can have at most {MAX_ATTACHMENTS_PER_ITEM} files"})
    accepted = accept_upload(
        upload, files.FOLDER, confirmed_personal_data=confirmed_personal_data,
        already_confirmed=_confirmed_before(item),
    )  # fmt: skip
    try:
        attachment = EvidenceAttachment.objects.create(
            item=item, stored_name=accepted.stored_name, original_name=accepted.name,
            content_type=accepted.content_type, size=accepted.size, sha256=accepted.sha256, uploaded_by=actor,
        )  # fmt: skip
        _audit(
            actor=actor, action="evidence.file_added", item=item,
            after={"attachment": attachment.pk, "content_type": accepted.content_type, "size": accepted.size,
                   "sha256": accepted.sha256, "name_sha256": _fingerprint(accepted.name)},
        )  # fmt: skip
        _record_confirmation(item=item, actor=actor, findings=list(accepted.confirmed_findings))
    except BaseException:
        discard_upload(accepted)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: EvidenceAttachment, actor) -> None:
    """Remove a file added since the last submission. Files an assessor has seen stay with the record."""
    item = _editable(attachment.item, actor)
    submitted_ids = {a["id"] for r in item.rounds.all() for a in r.submitted_content.get("attachments", [])}
    if attachment.pk in submitted_ids:
        raise ValidationError(
            "This file was part of a submission, so it stays with the record. Add a new file."
        )
    stored_name = attachment.stored_name
    _audit(
        actor=actor, action="evidence.file_removed", item=item,
        before={"attachment": attachment.pk, "sha256": attachment.sha256},
    )  # fmt: skip
    attachment.delete()
    transaction.on_commit(lambda: files.delete_stored_file(stored_name))


@transaction.atomic
def submit_item(*, item: EvidenceItem, actor) -> AssessmentRound:
    """Send a draft or sent-back item for assessment: a new round, with what was submitted kept."""
    item = _editable(item, actor)
    content = submitted_content(item)
    number = (item.rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    assessment_round = AssessmentRound.objects.create(
        item=item, number=number, submitted_by=actor, submitted_at=timezone.now(), submitted_content=content
    )
    before = item.status
    item.status = EvidenceStatus.SUBMITTED
    item.save(update_fields=["status", "updated_at"])
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    _audit(
        actor=actor, action="evidence.submitted", item=item, before={"status": before},
        after={"status": item.status, "round": number, "content_sha256": _fingerprint(canonical)},
    )  # fmt: skip
    enrolment = item.enrolment
    notify(
        recipients=[enrolment.assessor], subject="Evidence to assess", exclude=actor,
        message=f"{enrolment.learner.full_name} submitted “{item.title}” for assessment.",
        path=item.get_absolute_url(),
    )  # fmt: skip
    return assessment_round


@transaction.atomic
def assess_item(
    *, item: EvidenceItem, actor, decisions: Mapping[int, tuple[str, str]], feedback: str = ""
) -> AssessmentRound:
    """Record a decision on every mapped KSB (``{ksb_id: (outcome, feedback)}``).

    Any "not met" sends the item back to the learner; otherwise it is accepted.
    """
    item = _fresh(item)
    if not may_assess_evidence(actor, item.enrolment):
        raise PermissionDenied("Only the apprentice's assessor or the provider assesses evidence.")
    if item.status != EvidenceStatus.SUBMITTED:
        raise ValidationError("This evidence is not waiting for assessment.", code="not_submitted")
    assessment_round = (
        item.rounds.select_for_update().filter(assessed_at__isnull=True).order_by("-number").first()
    )
    mapped = item.mapped_ksbs
    if set(decisions) - {k.pk for k in mapped}:
        raise ValidationError("A decision was for a KSB this evidence is not mapped to.")
    errors: dict[str, str] = {}
    for ksb in mapped:
        outcome, text = decisions.get(ksb.pk, ("", ""))
        if outcome not in KSBOutcome.values:
            errors[f"outcome_{ksb.pk}"] = f"Select whether {ksb.code} is met, partly met or not met"
        elif outcome != KSBOutcome.MET and not text.strip():
            errors[f"feedback_{ksb.pk}"] = f"Enter feedback on {ksb.code}: what is missing and how to show it"
    if errors:
        raise ValidationError(errors)
    for ksb in mapped:
        outcome, text = decisions[ksb.pk]
        KSBDecision.objects.create(round=assessment_round, ksb=ksb, outcome=outcome, feedback=text.strip())
    referred = any(outcome == KSBOutcome.NOT_MET for outcome, _ in decisions.values())
    assessment_round.outcome = RoundOutcome.REFERRED if referred else RoundOutcome.ACCEPTED
    assessment_round.assessed_by, assessment_round.assessed_at = actor, timezone.now()
    assessment_round.feedback = feedback.strip()
    assessment_round.save()
    item.status = EvidenceStatus.REFERRED if referred else EvidenceStatus.ACCEPTED
    item.save(update_fields=["status", "updated_at"])
    _audit(
        actor=actor, action="evidence.assessed", item=item, before={"status": EvidenceStatus.SUBMITTED},
        after={"status": item.status, "round": assessment_round.number,
               "decisions": {k.code: decisions[k.pk][0] for k in mapped}},
    )  # fmt: skip
    verdict = "was sent back for changes" if referred else "was accepted"
    notify(
        recipients=[item.enrolment.learner], subject=f"Your evidence {verdict}", exclude=actor,
        message=f"Your evidence “{item.title}” {verdict} by {actor.full_name}.", path=item.get_absolute_url(),
    )  # fmt: skip
    return assessment_round
