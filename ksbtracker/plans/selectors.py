"""Reads for training plans: who may see one, its KSBs by duty, and the funding outcome with its working."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404

from ksbtracker.funding.calculations import PlanCheck, check_plan, plain_number
from ksbtracker.funding.corrections import correction_after, previous_rule_set
from ksbtracker.funding.schedule import describe_interval, review_schedule
from ksbtracker.people.access import enrolments_visible_to

from .models import PlanItem, TrainingPlan

__all__ = [
    "plan_items",
    "whole_months",
    "default_required_hours",
    "plan_for_user",
    "plans_visible_to",
    "plan_outcome",
    "items_by_duty",
    "plan_review_dates",
    "rules_correction_note",
]


def plan_items(plan: TrainingPlan) -> list[PlanItem]:
    """The plan's items in the order KSBs are shown everywhere: knowledge, skills, behaviours, by number."""
    items = list(plan.items.select_related("ksb__standard_version", "module").prefetch_related("ksb__duties"))
    return sorted(items, key=lambda i: ("KSB".index(i.ksb.kind), i.ksb.number))


def whole_months(start: datetime.date, end: datetime.date) -> int:
    """Complete calendar months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def default_required_hours(enrolment) -> Decimal:
    """The OTJ minimum under the enrolment's funding rules: the plan's starting total."""
    try:
        result = check_plan(
            rule_set=enrolment.funding_rule_set,
            start_date=enrolment.start_date,
            months=whole_months(enrolment.start_date, enrolment.planned_end_date),
            weekly_hours=enrolment.weekly_hours,
            standard_version=enrolment.standard_version,
        )
    except ValidationError:
        raise ValidationError(
            {"required_hours": "Enter the planned OTJ hours: the standard publishes no minimum"}
        ) from None
    return Decimal(result.otj_minimum_hours)


def plans_visible_to(user):
    return TrainingPlan.objects.filter(enrolment__in=enrolments_visible_to(user))


def plan_for_user(user, plan_id) -> TrainingPlan:
    """The plan if ``user`` may see it; otherwise Http404, as if it did not exist."""
    try:
        return (
            plans_visible_to(user)
            .select_related(
                "enrolment__learner",
                "enrolment__standard_version",
                "enrolment__employer",
                "enrolment__provider",
                "enrolment__funding_rule_set",
                "enrolment__line_manager",
                "enrolment__assessor",
                "baseline",
                "epao",
            )  # fmt: skip
            .get(pk=int(plan_id))
        )
    except (TrainingPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No training plan found.") from None


def plan_outcome(plan: TrainingPlan, items: list[PlanItem]) -> PlanCheck:
    """Hours, prior learning, price and duration under the enrolment's funding rules, with any breaches."""
    enrolment = plan.enrolment
    return check_plan(
        rule_set=enrolment.funding_rule_set,
        start_date=enrolment.start_date,
        months=whole_months(enrolment.start_date, enrolment.planned_end_date),
        weekly_hours=enrolment.weekly_hours,
        planned_hours=plan.required_hours,
        prior_learning_hours=sum((i.prior_learning_hours for i in items), Decimal("0")),
        price=enrolment.agreed_price,
        standard_version=enrolment.standard_version,
    )


@dataclass
class DutyGroup:
    title: str
    items: list[PlanItem]


def items_by_duty(items: list[PlanItem]) -> list[DutyGroup]:
    """KSBs still to develop (gap first), grouped under the first duty each serves; then prior learning."""
    to_develop = [i for i in items if i.hours_to_train > 0]
    to_develop.sort(key=lambda i: (-i.gap, "KSB".index(i.ksb.kind), i.ksb.number))
    groups: dict[str, DutyGroup] = {}
    for item in to_develop:
        duties = list(item.ksb.duties.all())
        title = f"{duties[0].code}: {duties[0].text}" if duties else "Not mapped to a duty"
        groups.setdefault(title, DutyGroup(title, [])).items.append(item)
    return list(groups.values())


def plan_review_dates(plan: TrainingPlan, end_date: datetime.date) -> tuple[str, list[datetime.date]]:
    enrolment = plan.enrolment
    rule_set = enrolment.funding_rule_set
    return describe_interval(rule_set=rule_set), review_schedule(
        rule_set=rule_set, start_date=enrolment.start_date, end_date=end_date
    )


@dataclass
class RulesCorrectionNote:
    """A signed plan whose enrolment's funding rules were corrected afterwards, and the figures that differ."""

    signed_under: str
    corrected_to: str
    corrected_on: datetime.datetime
    reason: str
    differences: list[tuple[str, str, str]]


COMPARED_FIGURES = (
    ("OTJ minimum", "otj_minimum_hours"),
    ("Minimum duration, months", "minimum_duration_months"),
    ("OTJ hours needed after prior learning", "otj_floor_hours"),
    ("Least price reduction", "minimum_price_reduction"),
    ("Most price that can be funded", "maximum_price"),
    ("Duration cut by prior learning, weeks", "duration_reduction_weeks"),
    ("New planned end date", "new_planned_end_date"),
    ("Progress reviews", "review_interval"),
    ("Problems", "problems"),
)


def rules_correction_note(plan: TrainingPlan, outcome: PlanCheck) -> RulesCorrectionNote | None:
    """For a plan signed before its funding rules were corrected: the figures as signed against the corrected
    ones. The signed plan itself is never altered."""
    if plan.signed_at is None:
        return None
    correction = correction_after(enrolment_id=plan.enrolment_id, moment=plan.signed_at)
    if correction is None:
        return None
    enrolment = plan.enrolment
    try:
        as_signed = check_plan(
            rule_set=previous_rule_set(correction),
            start_date=outcome.start_date,
            months=outcome.months,
            weekly_hours=outcome.weekly_hours,
            planned_hours=outcome.planned_hours,
            prior_learning_hours=outcome.prior_learning_hours,
            price=outcome.price,
            standard_version=enrolment.standard_version,
        )
    except ValidationError:
        return None
    differences = [
        (label, _shown(getattr(as_signed, name)), _shown(getattr(outcome, name)))
        for label, name in COMPARED_FIGURES
        if getattr(as_signed, name) != getattr(outcome, name)
    ]
    return RulesCorrectionNote(
        signed_under=correction.previous_rule_set_name,
        corrected_to=correction.rule_set.name,
        corrected_on=correction.corrected_at,
        reason=correction.reason,
        differences=differences,
    )


def _shown(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, list):
        return " ".join(value) if value else "None"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)
