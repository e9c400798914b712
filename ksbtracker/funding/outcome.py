"""What a plan check takes in and gives back. Plain data: no database, no wording of rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Figure", "PlanCheck", "PlanFigures", "PublishedMinimum"]


@dataclass(frozen=True)
class PublishedMinimum:
    """A standard version's published minimum OTJ hours in force on the start date, and where it is from."""

    hours: int
    effective_from: datetime.date
    effective_to: datetime.date | None
    source: str


@dataclass(frozen=True)
class PlanFigures:
    """The figures a plan is checked with. ``planned_hours`` are the provider's own, before prior learning."""

    start_date: datetime.date
    months: int
    weekly_hours: Decimal | None = None
    planned_hours: Decimal | None = None
    prior_learning_hours: Decimal = Decimal(0)
    price: Decimal | None = None
    band_maximum: Decimal | None = None
    standard: str | None = None
    published_minimum: PublishedMinimum | None = None


@dataclass(frozen=True)
class Figure:
    """One figure of the outcome: what it is, its value, the rule behind it and the working."""

    label: str
    value: str
    rule: str
    working: str = ""


@dataclass(frozen=True)
class PlanCheck:
    """A training plan's figures worked out under one rule set, with what breaches the rules."""

    rule_set: str
    rule_set_code: str
    start_date: datetime.date
    months: int
    planned_end_date: datetime.date
    weekly_hours: Decimal | None
    standard: str | None
    weeks_on_programme: Decimal
    minimum_duration_months: Decimal
    otj_minimum_hours: int | None
    otj_minimum_hours_exact: Decimal | None
    otj_minimum_working: str
    otj_floor_hours: int | None
    otj_hours_needed: (
        int | None
    )  # the least OTJ hours to deliver: the minimum, or the floor after prior learning
    planned_hours: Decimal
    prior_learning_hours: Decimal
    prior_learning_percent: Decimal
    minimum_price_reduction_share: Decimal | None
    minimum_price_reduction_percent: Decimal | None
    funding_band_maximum: Decimal | None
    minimum_price_reduction: Decimal | None
    price: Decimal | None
    maximum_price: Decimal | None
    maximum_funding: int | None
    duration_reduction_weeks: int
    new_planned_end_date: datetime.date
    hours_after_prior_learning: Decimal
    planned_hours_after_prior_learning: Decimal
    review_interval: str
    figures: list[Figure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def duration_reduced(self) -> bool:
        return self.duration_reduction_weeks > 0
