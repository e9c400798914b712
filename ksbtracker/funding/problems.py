"""What breaks the funding rules, in plain English with the figures that cause it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from .arithmetic import plain_number


def too_short(*, months: int, minimum: Decimal, base: int, threshold, weekly_hours) -> str:
    if minimum != base:
        why = (
            f"with {plain_number(weekly_hours)} contracted hours a week funding needs at least "
            f"{plain_number(minimum)} months ({base} × {plain_number(threshold)} ÷ {plain_number(weekly_hours)})"
        )
    else:
        why = f"funding needs at least {plain_number(minimum)} months"
    return f"The plan is {months} months long; {why}. Plan a longer duration."


def no_published_minimum(*, standard: str, start: datetime.date) -> str:
    return (
        f"No published minimum OTJ hours are recorded for {standard} for a start on {start:%-d %B %Y}. "
        "A provider admin must record the published figure (Funding, published OTJ minimums) before the plan "
        "can be checked against it."
    )


def too_few_hours(*, planned: Decimal, minimum: int) -> str:
    return (
        f"Only {plain_number(planned)} OTJ hours are planned; funding needs at least {minimum}. "
        "Plan more off-the-job training hours."
    )


def more_prior_learning_than_planned(*, prior: Decimal, planned: Decimal) -> str:
    return (
        f"Prior learning of {plain_number(prior)} hours is more than the {plain_number(planned)} OTJ hours "
        "planned without it. Check both figures: prior learning can only take hours out of the plan."
    )


def too_few_hours_left(*, left: Decimal, needed: int, prior: Decimal, reasons: list[str]) -> str:
    subject = (
        f"After prior learning only {plain_number(left)} OTJ hours remain"
        if prior
        else f"Only {plain_number(left)} OTJ hours are planned"
    )
    fix = "Recognise less prior learning or plan more hours." if prior else "Plan more hours."
    return f"{subject}; funding needs at least {needed} ({'; '.join(reasons)}). {fix}"


def no_band(*, standard: str | None) -> str:
    where = f"{standard} has no funding band maximum stored" if standard else "no standard is chosen"
    return (
        f"The price reduction in pounds cannot be worked out: {where}. The reduction is taken from the funding "
        "band maximum, so enter the band maximum or choose a standard that has one."
    )
