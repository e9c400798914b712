"""What each printable record shows: the print template, its context and the downloaded file's name."""

from __future__ import annotations

from dataclasses import dataclass

from ksbtracker.plans.models import PlanStatus, TrainingPlan
from ksbtracker.plans.selectors import items_by_duty, plan_items, plan_outcome, plan_review_dates
from ksbtracker.plans.services import plan_content
from ksbtracker.scans.models import ScanStatus, SkillsScan
from ksbtracker.scans.selectors import scan_rows
from ksbtracker.scans.services import scan_content
from ksbtracker.signing.api import content_fingerprint, verify_record

__all__ = [
    "PrintableDocument",
    "scan_document",
    "plan_document",
    "DOCUMENT_KINDS",
    "scan_is_locked",
    "plan_is_signed",
]


def scan_is_locked(scan: SkillsScan) -> bool:
    return SkillsScan.objects.filter(pk=scan.pk, status=ScanStatus.LOCKED).exists()


def plan_is_signed(plan: TrainingPlan) -> bool:
    return TrainingPlan.objects.filter(pk=plan.pk, status=PlanStatus.SIGNED).exists()


@dataclass(frozen=True)
class PrintableDocument:
    kind: str
    record_id: int
    template: str
    context: dict
    filename: str


def _learner(record) -> str:
    return record.enrolment.learner.full_name.replace(" ", "-")


def scan_document(scan: SkillsScan) -> PrintableDocument:
    """The skills scan as an auditor would ask for it: three ratings, decisions, rationale and signatures."""
    content = scan_content(scan)
    context = {
        "scan": scan,
        "rows": scan_rows(scan),
        "points": list(scan.scale.points.all()),
        "signatures": verify_record(scan, content),
        "current_hash": content_fingerprint(content),
    }
    return PrintableDocument(
        kind="skills-scan", record_id=scan.pk, template="pdf/scan.html", context=context,
        filename=f"skills-scan-v{scan.version}-{_learner(scan)}.pdf",
    )  # fmt: skip


def plan_document(plan: TrainingPlan) -> PrintableDocument:
    items = plan_items(plan)
    outcome = plan_outcome(plan, items)
    review_rule, review_dates = plan_review_dates(plan, outcome.new_planned_end_date)
    content = plan_content(plan)
    context = {
        "plan": plan,
        "outcome": outcome,
        "groups": items_by_duty(items),
        "prior_items": [i for i in items if i.prior_learning_hours > 0],
        "review_rule": review_rule,
        "review_dates": review_dates,
        "signatures": verify_record(plan, content),
        "current_hash": content_fingerprint(content),
    }
    return PrintableDocument(
        kind="training-plan", record_id=plan.pk, template="pdf/plan.html", context=context,
        filename=f"training-plan-v{plan.version}-{_learner(plan)}.pdf",
    )  # fmt: skip


# For the background job, which has an id rather than a record fetched for a person.
DOCUMENT_KINDS = {
    "skills-scan": (
        lambda pk: SkillsScan.objects.select_related("enrolment__learner", "scale").get(pk=pk), scan_document,
    ),
    "training-plan": (
        lambda pk: TrainingPlan.objects.select_related("enrolment__learner").get(pk=pk), plan_document,
    ),
}  # fmt: skip
