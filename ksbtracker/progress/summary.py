"""The per-enrolment progress summary: worked out from the records, stored, and read by every list.

``refresh_progress`` is the only writer. It runs whenever a record that changes the figures is saved or
deleted (see ``progress.signals``), and ``ksbtracker refresh-progress`` rebuilds every summary.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.people.models import Enrolment, EnrolmentStatus
from ksbtracker.reviews.selectors import review_due

from .models import EnrolmentProgress
from .otj import otj_position
from .rag import RagFigures, rag_dates, rag_of, rag_reasons
from .status import KSBStatus, ksb_statuses

__all__ = ["refresh_progress", "refresh_all_progress", "rag_figures", "summary_rag", "summary_reasons",
           "percent_elapsed", "otj_expected", "RATED_STATUSES"]  # fmt: skip

# Only apprentices on programme are rated; a break, gateway or the end stops the clock.
RATED_STATUSES = (EnrolmentStatus.ACTIVE,)


def refresh_progress(enrolment: Enrolment) -> EnrolmentProgress:
    """Recompute and store the enrolment's summary (a fixed number of queries)."""
    today = timezone.localdate()
    counts = {status: 0 for status in KSBStatus}
    for ksb in ksb_statuses(enrolment):
        counts[ksb.status] += 1
    otj = otj_position(enrolment, today=today)
    due = review_due(enrolment, today=today)
    summary = EnrolmentProgress(
        enrolment=enrolment,
        ksbs_total=sum(counts.values()),
        ksbs_in_progress=counts[KSBStatus.IN_PROGRESS],
        ksbs_evidenced=counts[KSBStatus.EVIDENCED],
        ksbs_signed_off=counts[KSBStatus.SIGNED_OFF],
        otj_hours_done=otj.done,
        otj_hours_required=otj.required,
        otj_planned_end=otj.planned_end,
        last_review_on=due.counted_from if due.counted_from != enrolment.start_date else None,
        next_review_due=due.due_by,
        items_waiting=EvidenceItem.objects.filter(enrolment=enrolment, status=EvidenceStatus.SUBMITTED).count(),
    )
    if enrolment.status in RATED_STATUSES:
        summary.amber_from, summary.red_from = rag_dates(rag_figures(enrolment, summary))
    summary.save()
    enrolment.progress_summary = summary
    return summary


def refresh_all_progress(enrolments=None) -> int:
    """Rebuild the summaries of ``enrolments`` (all of them by default); returns how many."""
    queryset = enrolments if enrolments is not None else Enrolment.objects.all()
    count = 0
    for enrolment in queryset.select_related("standard_version", "funding_rule_set").iterator(chunk_size=200):
        refresh_progress(enrolment)
        count += 1
    return count


def rag_figures(enrolment: Enrolment, summary: EnrolmentProgress) -> RagFigures:
    return RagFigures(
        start=enrolment.start_date,
        planned_end=enrolment.planned_end_date,
        ksbs_total=summary.ksbs_total,
        ksbs_met=summary.ksbs_evidenced + summary.ksbs_signed_off,
        otj_hours_done=summary.otj_hours_done,
        otj_hours_required=summary.otj_hours_required,
        otj_planned_end=summary.otj_planned_end or enrolment.planned_end_date,
        next_review_due=summary.next_review_due,
    )


def summary_rag(summary: EnrolmentProgress | None, today: datetime.date) -> str:
    if summary is None:
        return ""
    return rag_of(summary.amber_from, summary.red_from, today)


def summary_reasons(enrolment: Enrolment, summary: EnrolmentProgress | None, today: datetime.date) -> list[str]:
    if summary is None or enrolment.status not in RATED_STATUSES:
        return []
    return rag_reasons(rag_figures(enrolment, summary), today)


def percent_elapsed(start: datetime.date, end: datetime.date, today: datetime.date) -> int:
    span = (end - start).days
    if span <= 0:
        return 100
    return round(100 * min(max((today - start).days, 0), span) / span)


def otj_expected(summary: EnrolmentProgress, start: datetime.date, today: datetime.date) -> Decimal:
    """Hours expected by ``today``: the required hours pro rata over the time to the planned end."""
    end = summary.otj_planned_end or start
    span = (end - start).days
    if span <= 0:
        return summary.otj_hours_required
    elapsed = min(max((today - start).days, 0), span)
    return (summary.otj_hours_required * elapsed / span).quantize(Decimal("0.1"))
