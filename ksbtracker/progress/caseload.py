"""A caseload: the apprentices someone looks after, with where each stands today, filtered and sorted in SQL.

Every figure on a row comes from the enrolment and its stored progress summary, so a page of rows costs the
same few queries whatever the caseload; the figures that move with the calendar are worked out per row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, QuerySet

from ksbtracker.people.models import Enrolment

from .models import EnrolmentProgress
from .rag import RAG, rag_filter
from .summary import RATED_STATUSES, otj_expected, percent_elapsed, summary_rag, summary_reasons

__all__ = ["CaseloadFilters", "CaseloadRow", "SORTS", "caseload", "caseload_row"]

# Sort keys offered on the page: the column's label and the fields it sorts by (worst first for status).
SORTS = {
    "name": ("Apprentice", ["learner__full_name"]),
    "start": ("Start", ["start_date"]),
    "end": ("Planned end", ["planned_end_date"]),
    "review": ("Next review due", ["progress_summary__next_review_due"]),
    "waiting": ("Waiting", ["progress_summary__items_waiting"]),
    "rag": ("Status", ["progress_summary__red_from", "progress_summary__amber_from"]),
}


@dataclass
class CaseloadFilters:
    name: str = ""
    standard: int | None = None
    employer: int | None = None
    rag: str = ""
    overdue_review: bool = False
    waiting: bool = False
    sort: str = "rag"
    descending: bool = False
    applied: list[str] = field(default_factory=list)  # in words, for exports and the page


def caseload(enrolments: QuerySet[Enrolment], filters: CaseloadFilters, *, today: datetime.date) -> QuerySet:
    """``enrolments`` (already limited to what the person may see) filtered and sorted for a caseload page."""
    rows = enrolments.select_related("learner", "standard_version", "employer", "progress_summary").only(
        "pk", "status", "start_date", "planned_end_date", "learner__full_name",
        "standard_version__reference_number", "standard_version__version", "standard_version__title",
        "employer__name", *(f"progress_summary__{f.name}" for f in EnrolmentProgress._meta.concrete_fields
                            if f.name != "enrolment"),
    )  # fmt: skip
    if filters.name:
        rows = rows.filter(learner__full_name__icontains=filters.name)
    if filters.standard:
        rows = rows.filter(standard_version_id=filters.standard)
    if filters.employer:
        rows = rows.filter(employer_id=filters.employer)
    if filters.rag in RAG.values:
        rows = rows.filter(rag_filter(filters.rag, today, "progress_summary__"), status__in=RATED_STATUSES)
    if filters.overdue_review:
        rows = rows.filter(progress_summary__next_review_due__lt=today, status__in=RATED_STATUSES)
    if filters.waiting:
        rows = rows.filter(progress_summary__items_waiting__gt=0)
    fields = SORTS.get(filters.sort, SORTS["rag"])[1]
    direction = "desc" if filters.descending else "asc"
    return rows.order_by(*(getattr(F(name), direction)(nulls_last=True) for name in fields), "pk")


@dataclass(frozen=True)
class CaseloadRow:
    enrolment: Enrolment
    percent_elapsed: int
    ksbs_total: int
    percent_evidenced: int
    percent_signed_off: int
    otj_done: Decimal
    otj_expected: Decimal
    next_review_due: datetime.date | None
    review_overdue: bool
    items_waiting: int
    rag: str
    reasons: list[str]

    @property
    def rag_label(self) -> str:
        return RAG(self.rag).label if self.rag else "Not rated"

    @property
    def otj_behind(self) -> bool:
        return self.otj_done < self.otj_expected


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def caseload_row(enrolment: Enrolment, today: datetime.date) -> CaseloadRow:
    summary = getattr(enrolment, "progress_summary", None)
    rated = enrolment.status in RATED_STATUSES
    total = summary.ksbs_total if summary else 0
    met = summary.ksbs_evidenced + summary.ksbs_signed_off if summary else 0
    due = summary.next_review_due if summary else None
    return CaseloadRow(
        enrolment=enrolment,
        percent_elapsed=percent_elapsed(enrolment.start_date, enrolment.planned_end_date, today),
        ksbs_total=total,
        percent_evidenced=_percent(met, total),
        percent_signed_off=_percent(summary.ksbs_signed_off if summary else 0, total),
        otj_done=summary.otj_hours_done if summary else Decimal(0),
        otj_expected=otj_expected(summary, enrolment.start_date, today) if summary else Decimal(0),
        next_review_due=due,
        review_overdue=bool(rated and due and due < today),
        items_waiting=summary.items_waiting if summary else 0,
        rag=summary_rag(summary, today) if rated else "",
        reasons=summary_reasons(enrolment, summary, today),
    )
