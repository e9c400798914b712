"""Off-the-job hours: what is done (evidence and the log), what the plan requires, and where the learner should be."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.lifecycle.selectors import break_days
from ksbtracker.plans.models import PlanStatus
from ksbtracker.plans.selectors import default_required_hours, plan_outcome

from .models import OTJLogEntry

__all__ = ["OTJPosition", "otj_position", "required_otj_hours"]

ZERO = Decimal("0")


@dataclass(frozen=True)
class OTJPosition:
    from_evidence: Decimal
    from_log: Decimal
    required: Decimal
    required_source: str
    expected_by_today: Decimal
    planned_end: datetime.date

    @property
    def done(self) -> Decimal:
        return self.from_evidence + self.from_log

    @property
    def behind_by(self) -> Decimal:
        return max(self.expected_by_today - self.done, ZERO)

    @property
    def is_behind(self) -> bool:
        return self.behind_by > 0

    @property
    def percent_done(self) -> Decimal:
        if not self.required:
            return Decimal("100")
        return (self.done * 100 / self.required).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def required_otj_hours(enrolment) -> tuple[Decimal, str, datetime.date]:
    """Hours still to do after prior learning, from the signed plan; the rules' minimum before there is one."""
    plan = enrolment.training_plans.filter(status=PlanStatus.SIGNED).order_by("-version").first()
    if plan is not None:
        items = list(plan.items.all())
        prior = sum((i.prior_learning_hours for i in items), ZERO)
        outcome = plan_outcome(plan, items)
        return (
            plan.required_hours - prior,
            f"training plan version {plan.version}",
            outcome.new_planned_end_date,
        )
    try:
        minimum = default_required_hours(enrolment)
    except ValidationError:  # no published minimum and no plan yet: nothing to measure against
        return ZERO, "no signed training plan yet", enrolment.planned_end_date
    return minimum, "the funding rules' minimum (no signed plan yet)", enrolment.planned_end_date


def otj_position(enrolment, *, today: datetime.date | None = None) -> OTJPosition:
    """OTJ hours done against the plan and against where the learner should be by today (pro rata,
    not counting days on a break in learning)."""
    today = today or timezone.localdate()
    from_evidence = (
        EvidenceItem.objects.filter(enrolment=enrolment, is_off_the_job=True)
        .exclude(status=EvidenceStatus.DRAFT)
        .aggregate(total=Sum("otj_hours"))["total"]
        or ZERO
    )
    from_log = OTJLogEntry.objects.filter(enrolment=enrolment).aggregate(total=Sum("hours"))["total"] or ZERO
    required, source, planned_end = required_otj_hours(enrolment)
    # Time on a break in learning does not count: the expectation pauses, and the planned end has moved
    # on by the length of each finished break.
    start = enrolment.start_date
    span = (planned_end - start).days - break_days(
        enrolment, start=start, until=planned_end, returned_only=True
    )
    elapsed = (today - start).days - break_days(enrolment, start=start, until=today)
    elapsed = min(max(elapsed, 0), span) if span > 0 else 0
    expected = (required * elapsed / span).quantize(Decimal("0.1")) if span > 0 else required
    return OTJPosition(from_evidence, from_log, required, source, expected, planned_end)
