"""What a portable learner record holds: the enrolment, its scans, plans, evidence with every assessment round
and file, the OTJ log, reviews and sign-offs, qualifications, the timeline and the figures worked out from
them, and every signature with the content it fingerprints and whether it verified here when exported."""

from __future__ import annotations

from django.db.models import Prefetch

from ksbtracker.audit.api import record_change
from ksbtracker.evidence.files import read_stored_file
from ksbtracker.evidence.models import AssessmentRound, EvidenceItem
from ksbtracker.lifecycle.selectors import timeline
from ksbtracker.plans.services import plan_content
from ksbtracker.progress.otj import otj_position
from ksbtracker.progress.status import ksb_statuses
from ksbtracker.reviews.models import KSBSignOff
from ksbtracker.reviews.services import review_content
from ksbtracker.scans.services import scan_content
from ksbtracker.signing.api import verify_record

from .package import dumps, write_package

__all__ = ["export_record"]


def _signatures(record, content) -> list[dict]:
    return [
        {"role": check.signature.role, "signer_name": check.signature.name_as_signed,
         "signed_at": check.signature.signed_at.isoformat(), "content_hash": check.signature.content_hash,
         "signed_record": check.signature.signed_record, "key_id": check.signature.key_id,
         "mac": check.signature.mac, "verified_at_export": check.verified, "problems": list(check.problems)}
        for check in verify_record(record, content)
    ]  # fmt: skip


def _signed(records, label: str, content_of) -> list[dict]:
    result = []
    for record in records:
        content = content_of(record)
        result.append({"label": label(record), "status": record.status, "content": content,
                       "signatures": _signatures(record, content)})  # fmt: skip
    return result


def _evidence(enrolment, files: dict[str, bytes]) -> list[dict]:
    items = EvidenceItem.objects.filter(enrolment=enrolment).order_by("activity_date", "id").prefetch_related(
        "ksbs", "attachments",
        Prefetch("rounds", queryset=AssessmentRound.objects.select_related("assessed_by").prefetch_related("decisions__ksb")),
    )  # fmt: skip
    result = []
    for item in items:
        attachments = []
        for attachment in item.attachments.all():
            part = f"attachments/{attachment.sha256}"
            files[part] = read_stored_file(attachment.stored_name)
            attachments.append({"name": attachment.original_name, "content_type": attachment.content_type,
                                "size": attachment.size, "sha256": attachment.sha256, "part": part})  # fmt: skip
        result.append({
            "id": item.pk, "title": item.title, "type": item.get_evidence_type_display(),
            "activity_date": item.activity_date, "account": item.account, "status": item.get_status_display(),
            "otj_hours": item.otj_hours, "ksbs": [k.code for k in item.mapped_ksbs], "attachments": attachments,
            "rounds": [{"number": r.number, "submitted_at": r.submitted_at, "assessed_at": r.assessed_at,
                        "assessed_by": r.assessed_by.full_name if r.assessed_by else "",
                        "outcome": r.get_outcome_display(), "feedback": r.feedback,
                        "decisions": sorted((d.ksb.code, d.get_outcome_display(), d.feedback) for d in r.decisions.all())}
                       for r in item.rounds.all()],
        })  # fmt: skip
    return result


def _figures(enrolment) -> dict:
    otj = otj_position(enrolment)
    return {
        "ksb_status": {p.ksb.code: p.status_label for p in ksb_statuses(enrolment)},
        "otj": {"from_evidence": otj.from_evidence, "from_log": otj.from_log, "done": otj.done,
                "required": otj.required, "required_source": otj.required_source},
    }  # fmt: skip


def record_parts(enrolment) -> dict[str, bytes]:
    """Every part of ``enrolment``'s record, as the bytes that go in the file."""
    files: dict[str, bytes] = {}
    standard = enrolment.standard_version
    parts = {
        "record.json": {
            "enrolment": {"id": enrolment.pk, "start_date": enrolment.start_date,
                          "planned_end_date": enrolment.planned_end_date, "weekly_hours": enrolment.weekly_hours,
                          "agreed_price": enrolment.agreed_price, "status": enrolment.get_status_display()},
            "learner": {"name": enrolment.learner.full_name, "email": enrolment.learner.email},
            "standard": {"reference": standard.reference_number, "version": standard.version, "title": standard.title},
            "provider": enrolment.provider.name, "employer": enrolment.employer.name,
            "assessor": enrolment.assessor.full_name if enrolment.assessor else "",
        },
        "scans.json": _signed(enrolment.skills_scans.order_by("version", "id"),
                              lambda s: f"{s.get_kind_display()}, version {s.version}", scan_content),
        "plans.json": _signed(enrolment.training_plans.order_by("version"),
                              lambda p: f"Training plan, version {p.version}", plan_content),
        "reviews.json": _signed(enrolment.progress_reviews.order_by("held_on", "id"),
                                lambda r: f"Progress review of {r.held_on:%-d %B %Y}", review_content),
        "sign_offs.json": [{"ksb": s.ksb.code, "by": s.signed_off_by.full_name, "at": s.signed_off_at, "comment": s.comment}
                           for s in KSBSignOff.objects.filter(enrolment=enrolment).select_related("ksb", "signed_off_by")],
        "otj_log.json": [{"date": e.date, "activity": e.activity, "hours": e.hours,
                          "ksbs": sorted(k.code for k in e.ksbs.all())}
                         for e in enrolment.otj_log.prefetch_related("ksbs").order_by("date", "id")],
        "qualifications.json": [{"title": q.title, "achieved_on": q.achieved_on} for q in enrolment.qualifications.all()],
        "timeline.json": [{"date": c.effective_on, "change": c.summary, "reason": c.reason}
                          for c in timeline(enrolment).order_by("effective_on", "id")],
        "figures.json": _figures(enrolment),
    }  # fmt: skip
    parts["evidence.json"] = _evidence(enrolment, files)
    return {name: dumps(value) for name, value in parts.items()} | files


def export_record(enrolment, *, actor=None) -> bytes:
    """The signed ZIP of ``enrolment``'s record. Nothing in the record changes; the export is audited."""
    data = write_package(record_parts(enrolment), sender_name=enrolment.provider.name)
    record_change(actor=actor, action="enrolment.record_exported", instance=enrolment,
                  after={"bytes": len(data)})  # fmt: skip
    return data
