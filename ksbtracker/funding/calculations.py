"""Funding-rule arithmetic: the OTJ minimum, prior learning, price and duration, as pure functions.

Every figure comes from a ``FundingRuleSet``'s fields, so next year's rules are a new row, not new code.
Nothing here touches the database: callers look up the rule set (``api.rule_set_for_start``) and pass it in.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from ksbtracker.standards.models import StandardVersion

from .models import FundingRuleSet, OTJBasis

__all__ = [
    "PlanCheck",
    "add_months",
    "check_plan",
    "duration_reduction_weeks",
    "maximum_price",
    "minimum_price_reduction_percent",
    "otj_minimum_hours_exact",
    "plain_number",
    "prior_learning_percent",
    "weeks_on_programme",
]

WEEKS_IN_YEAR = Decimal(52)
MONTHS_IN_YEAR = Decimal(12)
HUNDRED = Decimal(100)
PENNY = Decimal("0.01")


@dataclass(frozen=True)
class PlanCheck:
    """A training plan's figures worked out under one rule set, with what breaches the rules."""

    rule_set: str
    start_date: datetime.date
    months: int
    planned_end_date: datetime.date
    weekly_hours: Decimal | None
    standard: str | None
    weeks_on_programme: Decimal
    otj_minimum_hours: int
    otj_minimum_hours_exact: Decimal
    otj_minimum_working: str
    planned_hours: Decimal
    prior_learning_hours: Decimal
    prior_learning_percent: Decimal
    minimum_price_reduction_share: Decimal
    minimum_price_reduction_percent: Decimal
    price: Decimal | None
    maximum_price: Decimal | None
    maximum_funding: int | None
    duration_reduction_weeks: int
    new_planned_end_date: datetime.date
    hours_after_prior_learning: Decimal
    problems: list[str] = field(default_factory=list)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months later, or that month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def weeks_on_programme(*, months: int) -> Decimal:
    """52 weeks a year, pro rata: 12 months is 52 weeks, 18 months is 78."""
    return WEEKS_IN_YEAR * months / MONTHS_IN_YEAR


def otj_minimum_hours_exact(
    *,
    rule_set: FundingRuleSet,
    months: int,
    weekly_hours: Decimal | None,
    standard_version: StandardVersion | None,
    planned_hours: Decimal | None,
) -> Decimal:
    """The rule set's OTJ minimum before rounding.

    A share of contracted hours (counted up to the cap) over the weeks on programme less statutory leave,
    both pro rata; or the standard's published minimum, or the planned hours where none is published.
    """
    if rule_set.otj_basis == OTJBasis.SHARE_OF_HOURS:
        if weekly_hours is None:
            raise ValidationError(
                {
                    "weekly_hours": "Enter the contracted weekly hours: for these starts the OTJ minimum "
                    f"is a share of them ({rule_set.name})"
                }
            )
        # Multiply before dividing by 12 so that whole-year plans stay exact (46.4 × 6 = 278.4).
        leave_per_year = Decimal(rule_set.statutory_leave_weeks_per_year)
        return (
            (WEEKS_IN_YEAR - leave_per_year)
            * months
            * _otj_hours_a_week(rule_set, weekly_hours)
            / MONTHS_IN_YEAR
        )
    if standard_version is not None and standard_version.otj_minimum_hours is not None:
        return Decimal(standard_version.otj_minimum_hours)
    if planned_hours is None:
        reason = (
            f"{_standard_label(standard_version)} publishes no minimum"
            if standard_version
            else "or choose a standard that publishes a minimum"
        )
        raise ValidationError({"planned_hours": f"Enter the planned OTJ hours ({reason})"})
    return planned_hours


def prior_learning_percent(*, prior_learning_hours: Decimal, planned_hours: Decimal) -> Decimal:
    """Prior learning as a percentage of the OTJ hours planned without it, to 2 decimal places."""
    if not planned_hours:
        return Decimal("0.00")
    return (prior_learning_hours * HUNDRED / planned_hours).quantize(PENNY, rounding=ROUND_HALF_UP)


def minimum_price_reduction_percent(*, rule_set: FundingRuleSet, prior_learning_percent: Decimal) -> Decimal:
    """The least the price must come down by, in per cent: the rule set's share of the prior-learning %."""
    return prior_learning_percent * Decimal(rule_set.minimum_price_reduction_share)


def maximum_price(*, price: Decimal, reduction_percent: Decimal) -> Decimal:
    """The most that may be charged once the price is cut by ``reduction_percent``, down to the penny."""
    return (price * (HUNDRED - reduction_percent) / HUNDRED).quantize(PENNY, rounding=ROUND_DOWN)


def duration_reduction_weeks(*, months: int, prior_learning_hours: Decimal, planned_hours: Decimal) -> int:
    """Weeks on programme cut by the prior-learning share, in whole weeks (rounded down)."""
    if not planned_hours:
        return 0
    weeks = weeks_on_programme(months=months) * prior_learning_hours / planned_hours
    return int(weeks.to_integral_value(rounding=ROUND_DOWN))


def check_plan(
    *,
    rule_set: FundingRuleSet,
    start_date: datetime.date,
    months: int,
    weekly_hours: Decimal | None = None,
    planned_hours: Decimal | None = None,
    prior_learning_hours: Decimal = Decimal(0),
    price: Decimal | None = None,
    standard_version: StandardVersion | None = None,
) -> PlanCheck:
    """Work out a plan's OTJ minimum, prior-learning reductions and price, and list what breaks the rules.

    Raises ``ValidationError`` (keyed by argument name) for figures that cannot be worked with.
    """
    _validate(
        months=months,
        weekly_hours=weekly_hours,
        planned_hours=planned_hours,
        prior_learning_hours=prior_learning_hours,
        price=price,
    )
    exact = otj_minimum_hours_exact(
        rule_set=rule_set,
        months=months,
        weekly_hours=weekly_hours,
        standard_version=standard_version,
        planned_hours=planned_hours,
    )
    minimum = int(exact.to_integral_value(rounding=ROUND_DOWN))
    planned = Decimal(minimum) if planned_hours is None else planned_hours
    percent = prior_learning_percent(prior_learning_hours=prior_learning_hours, planned_hours=planned)
    reduction = minimum_price_reduction_percent(rule_set=rule_set, prior_learning_percent=percent)
    weeks_cut = duration_reduction_weeks(
        months=months, prior_learning_hours=prior_learning_hours, planned_hours=planned
    )
    planned_end = add_months(start_date, months)
    result = PlanCheck(
        rule_set=rule_set.name,
        start_date=start_date,
        months=months,
        planned_end_date=planned_end,
        weekly_hours=weekly_hours,
        standard=_standard_label(standard_version) if standard_version else None,
        weeks_on_programme=weeks_on_programme(months=months),
        otj_minimum_hours=minimum,
        otj_minimum_hours_exact=exact,
        otj_minimum_working=_working(rule_set, months, weekly_hours, standard_version, exact, minimum),
        planned_hours=planned,
        prior_learning_hours=prior_learning_hours,
        prior_learning_percent=percent,
        minimum_price_reduction_share=Decimal(rule_set.minimum_price_reduction_share),
        minimum_price_reduction_percent=reduction,
        price=price,
        maximum_price=None if price is None else maximum_price(price=price, reduction_percent=reduction),
        maximum_funding=standard_version.max_funding if standard_version else None,
        duration_reduction_weeks=weeks_cut,
        new_planned_end_date=planned_end - datetime.timedelta(weeks=weeks_cut),
        hours_after_prior_learning=planned - prior_learning_hours,
    )
    return replace(result, problems=_problems(rule_set, result))


def _validate(**figures) -> None:
    errors = {}
    if figures["months"] < 1:
        errors["months"] = "The planned duration must be at least 1 month"
    names = {
        "weekly_hours": "Contracted weekly hours",
        "planned_hours": "Planned OTJ hours",
        "prior_learning_hours": "Prior learning hours",
        "price": "The price",
    }
    for name, label in names.items():
        if figures[name] is not None and figures[name] < 0:
            errors[name] = f"{label} must be 0 or more"
    if figures["weekly_hours"] is not None and figures["weekly_hours"] == 0:
        errors["weekly_hours"] = "Contracted weekly hours must be more than 0"
    if errors:
        raise ValidationError(errors)


def _otj_hours_a_week(rule_set: FundingRuleSet, weekly_hours: Decimal) -> Decimal:
    cap = rule_set.otj_weekly_hours_cap
    counted = weekly_hours if cap is None else min(weekly_hours, Decimal(cap))
    return counted * Decimal(rule_set.otj_share_of_hours)


def _problems(rule_set: FundingRuleSet, plan: PlanCheck) -> list[str]:
    problems = []
    if plan.months < rule_set.minimum_duration_months:
        problems.append(
            f"The plan is {plan.months} months long; funding needs at least "
            f"{rule_set.minimum_duration_months} months. Plan a longer duration."
        )
    if plan.planned_hours < plan.otj_minimum_hours:
        problems.append(
            f"Only {plain_number(plan.planned_hours)} OTJ hours are planned; funding needs at least "
            f"{plan.otj_minimum_hours}. Plan more off-the-job training hours."
        )
    if plan.prior_learning_hours > plan.planned_hours:
        problems.append(
            f"Prior learning of {plain_number(plan.prior_learning_hours)} hours is more than the "
            f"{plain_number(plan.planned_hours)} OTJ hours planned without it. Check both figures: "
            "prior learning can only take hours out of the plan."
        )
    elif plan.prior_learning_hours:
        problems.extend(_problems_after_prior_learning(rule_set, plan))
    if (
        plan.maximum_price is not None
        and plan.maximum_funding is not None
        and plan.maximum_price > plan.maximum_funding
    ):
        which = "The price after prior learning" if plan.prior_learning_hours else "The price"
        problems.append(
            f"{which}, £{plan.maximum_price:,.2f}, is above the funding band maximum for {plan.standard} "
            f"(£{plan.maximum_funding:,}). Funding pays no more than £{plan.maximum_funding:,}: the "
            f"employer must pay the £{plan.maximum_price - plan.maximum_funding:,.2f} difference. "
            "Agree this with the employer or lower the price."
        )
    return problems


def _problems_after_prior_learning(rule_set: FundingRuleSet, plan: PlanCheck) -> list[str]:
    problems = []
    months_needed = rule_set.minimum_duration_months_after_prior_learning
    if months_needed is not None and plan.new_planned_end_date < add_months(plan.start_date, months_needed):
        problems.append(
            f"After prior learning the plan ends on {plan.new_planned_end_date:%-d %B %Y}, "
            f"{plan.duration_reduction_weeks} weeks earlier; funding needs at least {months_needed} months "
            f"(to {add_months(plan.start_date, months_needed):%-d %B %Y}). "
            "Recognise less prior learning or plan a longer duration."
        )
    hours_needed = rule_set.minimum_otj_hours_after_prior_learning
    if hours_needed is not None and plan.hours_after_prior_learning < hours_needed:
        problems.append(
            f"After prior learning only {plain_number(plan.hours_after_prior_learning)} OTJ hours remain; "
            f"funding needs at least {hours_needed}. Recognise less prior learning or plan more hours."
        )
    return problems


def _working(rule_set, months, weekly_hours, standard_version, exact: Decimal, minimum: int) -> str:
    """The OTJ minimum's arithmetic written out, as someone checking it by hand would."""
    if rule_set.otj_basis == OTJBasis.SHARE_OF_HOURS:
        share = plain_number(Decimal(rule_set.otj_share_of_hours) * HUNDRED)
        cap = rule_set.otj_weekly_hours_cap
        counted = f"{plain_number(weekly_hours)} contracted hours a week"
        if cap is not None and weekly_hours > cap:
            counted += f", counting at most {plain_number(cap)},"
        leave = Decimal(rule_set.statutory_leave_weeks_per_year) * months / MONTHS_IN_YEAR
        return (
            f"{share}% of {counted} is {plain_number(_otj_hours_a_week(rule_set, weekly_hours))} hours a week. "
            f"({plain_number(weeks_on_programme(months=months))} weeks on programme − {plain_number(leave)} weeks' "
            f"statutory leave) × {plain_number(_otj_hours_a_week(rule_set, weekly_hours))} = {plain_number(exact)}, "
            f"rounded down to {plain_number(minimum)} hours."
        )
    if standard_version is not None and standard_version.otj_minimum_hours is not None:
        return (
            f"The published minimum for {_standard_label(standard_version)}: {plain_number(minimum)} hours."
        )
    if standard_version is not None:
        return f"{_standard_label(standard_version)} publishes no minimum, so the planned {plain_number(minimum)} hours are used."
    return f"No standard chosen, so the planned {plain_number(minimum)} hours are used as the minimum."


def _standard_label(standard_version: StandardVersion) -> str:
    return f"{standard_version.reference_number} version {standard_version.version}"


def plain_number(value: Decimal | int, *, places: int | None = 2) -> str:
    """A figure for people: thousands separated, no trailing zeros, rounded to ``places`` (None: as is).

    278.4 → "278.4", 1000 → "1,000", 30.333… → "30.33"; with places=None 1.375 stays "1.375".
    """
    figure = Decimal(value)
    if places is not None:
        figure = figure.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{figure:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
