"""Checking a training plan against the funding rules for its start date.

The work is split by job: ``arithmetic`` (dates, weeks, percentages, pounds), ``steps`` (each figure with
its rule and working), ``problems`` (the wording), ``rule_sets`` (one calculation per published rule set).
This module gathers a plan's figures, with the standard's band and published minimum, and runs them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from ksbtracker.standards.models import StandardVersion

from .arithmetic import add_months, plain_number, prior_learning_percent, weeks_on_programme
from .models import FundingRuleSet
from .outcome import Figure, PlanCheck, PlanFigures, PublishedMinimum
from .rule_sets import calculate
from .selectors import published_minimum_for

__all__ = [
    "Figure",
    "PlanCheck",
    "PlanFigures",
    "add_months",
    "check_plan",
    "plain_number",
    "prior_learning_percent",
    "standard_label",
    "weeks_on_programme",
]

_UNSET = object()


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
    band_maximum: Decimal | None = None,
    published_minimum: PublishedMinimum | None | object = _UNSET,
) -> PlanCheck:
    """Work out a plan's OTJ minimum, prior-learning reductions and price, and list what breaks the rules.

    The band maximum and the published minimum come from ``standard_version`` unless given. Raises
    ``ValidationError`` (keyed by argument name) for figures that cannot be worked with.
    """
    _validate(
        months=months,
        weekly_hours=weekly_hours,
        planned_hours=planned_hours,
        prior_learning_hours=prior_learning_hours,
        price=price,
        band_maximum=band_maximum,
    )
    if band_maximum is None and standard_version is not None and standard_version.max_funding is not None:
        band_maximum = Decimal(standard_version.max_funding)
    if published_minimum is _UNSET:
        published_minimum = (
            None
            if standard_version is None
            else published_minimum_for(
                reference_number=standard_version.reference_number,
                version=standard_version.version,
                start_date=start_date,
            )
        )
    figures = PlanFigures(
        start_date=start_date,
        months=months,
        weekly_hours=weekly_hours,
        planned_hours=planned_hours,
        prior_learning_hours=prior_learning_hours or Decimal(0),
        price=price,
        band_maximum=band_maximum,
        standard=standard_label(standard_version) if standard_version else None,
        published_minimum=published_minimum,
    )
    return calculate(rule_set, figures)


def standard_label(standard_version: StandardVersion) -> str:
    return f"{standard_version.reference_number} version {standard_version.version}"


def _validate(**figures) -> None:
    errors = {}
    if figures["months"] < 1:
        errors["months"] = "The planned duration must be at least 1 month"
    names = {
        "weekly_hours": "Contracted weekly hours",
        "planned_hours": "Planned OTJ hours",
        "prior_learning_hours": "Prior learning hours",
        "price": "The price",
        "band_maximum": "The funding band maximum",
    }
    for name, label in names.items():
        if figures[name] is not None and figures[name] < 0:
            errors[name] = f"{label} must be 0 or more"
    if figures["weekly_hours"] is not None and figures["weekly_hours"] == 0:
        errors["weekly_hours"] = "Contracted weekly hours must be more than 0"
    if errors:
        raise ValidationError(errors)
