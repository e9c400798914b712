"""The funding arithmetic shared by the rule sets: dates, weeks, percentages and pounds. Pure functions."""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

__all__ = [
    "add_months",
    "duration_cut_weeks",
    "minimum_duration_months",
    "minimum_price_reduction",
    "otj_hours_a_week",
    "otj_minimum_exact",
    "plain_number",
    "prior_learning_percent",
    "rounded_down",
    "weeks_on_programme",
    "whole_hours",
]

WEEKS_IN_YEAR = Decimal(52)
MONTHS_IN_YEAR = Decimal(12)
HUNDRED = Decimal(100)
PENNY = Decimal("0.01")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months later, or that month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def weeks_on_programme(*, months: int | Decimal) -> Decimal:
    """52 weeks a year, pro rata: 12 months is 52 weeks, 18 months is 78."""
    return WEEKS_IN_YEAR * Decimal(months) / MONTHS_IN_YEAR


def rounded_down(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_DOWN))


def whole_hours(value: Decimal) -> int:
    """Hours rounded to the nearest whole hour, as DfE rounds them: 278.4 → 278, 417.6 → 418."""
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def minimum_duration_months(
    *, minimum_months: int, part_time_threshold: Decimal | None, weekly_hours: Decimal | None
) -> Decimal:
    """The minimum duration, extended for part-time work where the rules say so: 12 × 30 ÷ 15 = 24 months."""
    if part_time_threshold is None or weekly_hours is None or weekly_hours >= part_time_threshold:
        return Decimal(minimum_months)
    return Decimal(minimum_months) * part_time_threshold / weekly_hours


def otj_hours_a_week(*, weekly_hours: Decimal, share: Decimal, cap: Decimal | None) -> Decimal:
    """The share of contracted hours (counted up to the cap): 20% of 37.5 capped at 30 = 6 hours a week."""
    counted = weekly_hours if cap is None else min(weekly_hours, cap)
    return counted * share


def otj_minimum_exact(
    *, weeks: Decimal, hours_a_week: Decimal, leave_weeks_a_year: Decimal | None
) -> Decimal:
    """Hours a week over the weeks on programme less statutory leave, pro rata: (52 − 5.6) × 6 = 278.4.

    Multiplied before dividing by 52 so that whole-year plans stay exact.
    """
    leave = leave_weeks_a_year or Decimal(0)
    return (WEEKS_IN_YEAR - leave) * weeks * hours_a_week / WEEKS_IN_YEAR


def prior_learning_percent(*, prior_learning_hours: Decimal, planned_hours: Decimal) -> Decimal:
    """Prior learning as a percentage of the provider's own planned hours, to 2 places: 14 ÷ 509 = 2.75%."""
    if not planned_hours:
        return Decimal("0.00")
    return (prior_learning_hours * HUNDRED / planned_hours).quantize(PENNY, rounding=ROUND_HALF_UP)


def minimum_price_reduction(*, band_maximum: Decimal, reduction_percent: Decimal) -> Decimal:
    """The least the price must fall, in pounds, taken from the band maximum (rounded up to the penny)."""
    return (band_maximum * reduction_percent / HUNDRED).quantize(PENNY, rounding=ROUND_UP)


def duration_cut_weeks(
    *, months: int, minimum_months: Decimal, prior_learning_hours: Decimal, planned_hours: Decimal
) -> tuple[int, int]:
    """(weeks the duration is cut, weeks the prior-learning share alone would cut).

    The cut is the prior-learning share of the weeks on programme, rounded down, but never below the minimum
    duration: a plan already at its minimum is not shortened at all.
    """
    if not planned_hours or not prior_learning_hours:
        return 0, 0
    in_proportion = rounded_down(weeks_on_programme(months=months) * prior_learning_hours / planned_hours)
    room = rounded_down(weeks_on_programme(months=months) - weeks_on_programme(months=minimum_months))
    return max(0, min(in_proportion, room)), in_proportion


def plain_number(value: Decimal | int, *, places: int | None = 2) -> str:
    """A figure for people: thousands separated, no trailing zeros, rounded to ``places`` (None: as is).

    278.4 → "278.4", 1000 → "1,000", 30.333… → "30.33"; with places=None 1.375 stays "1.375".
    """
    figure = Decimal(value)
    if places is not None:
        figure = figure.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{figure:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pounds(value: Decimal | int) -> str:
    return f"£{Decimal(value):,.2f}"
