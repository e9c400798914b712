"""Red, amber or green: one rule for how an apprenticeship is going, used by every list and shown on a help page.

The rule compares three things with the calendar:

- KSBs: the share of the programme's time gone against the share of KSBs evidenced or signed off;
- off-the-job hours: hours done against the hours expected by today (the plan's hours, pro rata);
- the next progress review: whether it is overdue.

Each of them only gets worse as days pass until something is recorded, so the first amber day and the first
red day can be worked out when the records change and stored (``EnrolmentProgress.amber_from``/``red_from``);
a list then filters by rating with a date comparison, and the page and the filter can never disagree.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q, TextChoices

__all__ = [
    "RAG",
    "RAG_RULES",
    "KSB_AMBER_POINTS",
    "KSB_RED_POINTS",
    "OTJ_AMBER_SHORTFALL",
    "OTJ_RED_SHORTFALL",
    "OTJ_GRACE_DAYS",
    "RagFigures",
    "rag_dates",
    "rag_of",
    "rag_reasons",
    "rag_filter",
]

KSB_AMBER_POINTS = 10
KSB_RED_POINTS = 20
OTJ_AMBER_SHORTFALL = 10
OTJ_RED_SHORTFALL = 20
# Nobody has logged much in their first four weeks: the OTJ part of the rule starts after them.
OTJ_GRACE_DAYS = 28


class RAG(TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


RAG_RULES = [
    (RAG.RED, [
        f"the share of the programme's time gone is {KSB_RED_POINTS} or more percentage points ahead of the "
        "share of KSBs evidenced or signed off, or",
        f"off-the-job hours done are {OTJ_RED_SHORTFALL}% or more below the hours expected by today, or",
        "the next progress review is overdue.",
    ]),
    (RAG.AMBER, [
        f"the share of time gone is {KSB_AMBER_POINTS} or more points ahead of the share of KSBs evidenced "
        "or signed off, or",
        f"off-the-job hours done are {OTJ_AMBER_SHORTFALL}% or more below the hours expected by today.",
    ]),
    (RAG.GREEN, ["none of the above."]),
]  # fmt: skip


@dataclass(frozen=True)
class RagFigures:
    """What the rule needs about one enrolment (all of it is kept in its progress summary)."""

    start: datetime.date
    planned_end: datetime.date
    ksbs_total: int
    ksbs_met: int
    otj_hours_done: Decimal
    otj_hours_required: Decimal
    otj_planned_end: datetime.date
    next_review_due: datetime.date | None


def _day(start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=days)


def _ksb_day(figures: RagFigures, points: int) -> datetime.date | None:
    """First day on which time gone runs ``points`` ahead of the share of KSBs met."""
    span = (figures.planned_end - figures.start).days
    if figures.ksbs_total <= 0 or span <= 0:
        return None
    share = Fraction(figures.ksbs_met, figures.ksbs_total) + Fraction(points, 100)
    if share > 1:
        return None
    return _day(figures.start, math.ceil(share * span))


def _otj_day(figures: RagFigures, shortfall: int) -> datetime.date | None:
    """First day on which the hours done are ``shortfall``% or more below the hours expected by then."""
    span = (figures.otj_planned_end - figures.start).days
    required = Fraction(figures.otj_hours_required)
    if required <= 0 or span <= 0:
        return None
    # expected(d) = required × d / span; behind when done ≤ (1 − shortfall) × expected(d).
    limit = Fraction(figures.otj_hours_done) / (required * Fraction(100 - shortfall, 100))
    if limit >= 1:
        return None
    return _day(figures.start, max(math.ceil(limit * span), OTJ_GRACE_DAYS, 1))


def _review_day(figures: RagFigures) -> datetime.date | None:
    return _day(figures.next_review_due, 1) if figures.next_review_due else None


def _earliest(*days: datetime.date | None) -> datetime.date | None:
    return min((d for d in days if d is not None), default=None)


def rag_dates(figures: RagFigures) -> tuple[datetime.date | None, datetime.date | None]:
    """(first amber day, first red day) under the rule; None where that rating would never be reached."""
    red = _earliest(_ksb_day(figures, KSB_RED_POINTS), _otj_day(figures, OTJ_RED_SHORTFALL), _review_day(figures))
    amber = _earliest(_ksb_day(figures, KSB_AMBER_POINTS), _otj_day(figures, OTJ_AMBER_SHORTFALL), red)
    return amber, red


def rag_of(amber_from: datetime.date | None, red_from: datetime.date | None, today: datetime.date) -> str:
    if red_from is not None and today >= red_from:
        return RAG.RED
    if amber_from is not None and today >= amber_from:
        return RAG.AMBER
    return RAG.GREEN


def rag_reasons(figures: RagFigures, today: datetime.date) -> list[str]:
    """Why the rating is what it is today, in words, worst first."""
    reasons = []
    for points, word in ((KSB_RED_POINTS, "well "), (KSB_AMBER_POINTS, "")):
        day = _ksb_day(figures, points)
        if day is not None and today >= day:
            reasons.append(f"KSBs {word}behind time")
            break
    for shortfall, word in ((OTJ_RED_SHORTFALL, "well "), (OTJ_AMBER_SHORTFALL, "")):
        day = _otj_day(figures, shortfall)
        if day is not None and today >= day:
            reasons.append(f"Off-the-job hours {word}behind")
            break
    day = _review_day(figures)
    if day is not None and today >= day:
        reasons.append("Review overdue")
    return reasons


def rag_filter(rating: str, today: datetime.date, prefix: str = "") -> Q:
    """A filter on ``EnrolmentProgress`` (or through ``prefix``) for enrolments with ``rating`` today."""
    amber, red = f"{prefix}amber_from", f"{prefix}red_from"
    is_red = Q(**{f"{red}__lte": today})
    is_amber = Q(**{f"{amber}__lte": today}) & ~is_red
    if rating == RAG.RED:
        return is_red
    if rating == RAG.AMBER:
        return is_amber & Q(**{f"{amber}__isnull": False})
    return ~Q(**{f"{amber}__lte": today}) | Q(**{f"{amber}__isnull": True})
