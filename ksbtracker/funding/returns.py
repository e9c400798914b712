"""Returned figures: once the planned end date and planned OTJ hours are returned they change only by a
recorded correction with a reason. Also the funding year and the field names each year's return uses.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ksbtracker.audit.api import record_change

from .models import ReturnedFigures, ReturnedFiguresCorrection

__all__ = [
    "correct_returned_figures",
    "field_names",
    "funding_year_label",
    "funding_year_of",
    "mark_returned",
]


def funding_year_of(day: datetime.date) -> int:
    """The funding year a date falls in, by its first calendar year: 1 August 2026 – 31 July 2027 is 2026."""
    return day.year if day.month >= 8 else day.year - 1


def funding_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def funding_year_dates(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)


def field_names(year: int) -> dict[str, str]:
    """The learner data return's names for the hours: PHours and OTJActHours up to 2025-26; from 2026-27 the
    Hours record (HRS 1 planned, HRS 3 actual, HRS 4 removed for prior learning)."""
    if year >= 2026:
        return {"planned": "HRS 1", "actual": "HRS 3", "removed": "HRS 4"}
    return {"planned": "PHours", "actual": "OTJActHours", "removed": "Hours removed for prior learning"}


@transaction.atomic
def mark_returned(
    *, actor, enrolment, planned_end_date: datetime.date, planned_hours: Decimal
) -> ReturnedFigures:
    """Record that the planned end date and planned hours have been returned; they are fixed from now on."""
    if ReturnedFigures.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(
            "These figures have already been returned: record a correction with a reason instead."
        )
    returned = ReturnedFigures.objects.create(
        enrolment=enrolment, planned_end_date=planned_end_date, planned_hours=planned_hours, returned_by=actor
    )
    record_change(actor=actor, action="funding_return.returned", instance=enrolment,
                  after={"planned_end_date": planned_end_date.isoformat(), "planned_hours": str(planned_hours)})  # fmt: skip
    return returned


@transaction.atomic
def correct_returned_figures(
    *, actor, returned: ReturnedFigures, reason: str, planned_end_date: datetime.date | None = None,
    planned_hours: Decimal | None = None,
) -> list[ReturnedFiguresCorrection]:  # fmt: skip
    """Correct a returned planned end date or planned hours; the reason and the old value are kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the correction"})
    returned = ReturnedFigures.objects.select_for_update().get(pk=returned.pk)
    corrections = []
    for figure, value in (("planned_end_date", planned_end_date), ("planned_hours", planned_hours)):
        if value is None or getattr(returned, figure) == value:
            continue
        before = getattr(returned, figure)
        setattr(returned, figure, value)
        corrections.append(ReturnedFiguresCorrection.objects.create(
            returned=returned, figure=figure, before=_text(before), after=_text(value), reason=reason,
            corrected_by=actor,
        ))  # fmt: skip
    if not corrections:
        raise ValidationError("The corrected figures are the same as those returned: nothing to correct.")
    if returned.planned_end_date <= returned.enrolment.start_date:
        raise ValidationError({"planned_end_date": "The planned end date must be after the start date"})
    returned.save()
    record_change(actor=actor, action="funding_return.corrected", instance=returned.enrolment,
                  before={c.figure: c.before for c in corrections},
                  after={**{c.figure: c.after for c in corrections}, "reason": reason})  # fmt: skip
    return corrections


def _text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return f"{Decimal(value).normalize():f}"
