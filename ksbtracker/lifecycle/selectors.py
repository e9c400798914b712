"""Reads for the apprenticeship's history: its timeline and how long it has been on a break."""

from __future__ import annotations

import datetime

from ksbtracker.people.models import EnrolmentStatus

from .models import EnrolmentChange

__all__ = ["timeline", "break_days", "is_read_only", "on_break"]


def timeline(enrolment):
    """The changes recorded for ``enrolment``, newest first."""
    return EnrolmentChange.objects.filter(enrolment=enrolment).select_related("recorded_by")


def break_days(enrolment, *, start: datetime.date, until: datetime.date, returned_only: bool = False) -> int:
    """Days between ``start`` and ``until`` the apprentice spent on a break in learning.

    Reads ``enrolment.breaks`` (prefetched on lists, so no query per apprentice); an ongoing break counts
    up to ``until`` unless ``returned_only``.
    """
    total = 0
    for pause in enrolment.breaks.all():
        if returned_only and pause.returned_on is None:
            continue
        first = max(pause.starts_on, start)
        last = min(pause.returned_on or until, until)
        total += max((last - first).days, 0)
    return total


def on_break(enrolment) -> bool:
    return enrolment.status == EnrolmentStatus.BREAK


def is_read_only(enrolment) -> bool:
    """A completed or withdrawn apprenticeship is a closed record."""
    return enrolment.status in (EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN)
