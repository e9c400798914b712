"""A programme at a glance: counts by status and RAG, overdue reviews, evidence waiting by assessor, and
apprentices past their planned end, each in one aggregate query over the enrolments the person can see."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet, Sum

from ksbtracker.people.models import EnrolmentStatus

from .rag import RAG, rag_filter
from .summary import RATED_STATUSES

__all__ = ["programme_counts", "waiting_by_assessor", "past_planned_end"]


def programme_counts(enrolments: QuerySet, *, today: datetime.date) -> dict:
    """Apprentices by enrolment status, by rating (those rated), and with a review overdue."""
    rated = Q(status__in=RATED_STATUSES)
    figures = enrolments.aggregate(
        total=Count("pk"),
        **{f"status_{s}": Count("pk", filter=Q(status=s)) for s in EnrolmentStatus.values},
        **{f"rag_{r}": Count("pk", filter=rated & rag_filter(r, today, "progress_summary__")) for r in RAG.values},
        overdue_reviews=Count("pk", filter=rated & Q(progress_summary__next_review_due__lt=today)),
        waiting=Sum("progress_summary__items_waiting"),
    )  # fmt: skip
    return {
        "total": figures["total"],
        "by_status": [(label, figures[f"status_{s}"], s) for s, label in EnrolmentStatus.choices],
        "by_rag": [(label, figures[f"rag_{r}"], r) for r, label in RAG.choices],
        "overdue_reviews": figures["overdue_reviews"],
        "waiting": figures["waiting"] or 0,
    }


def waiting_by_assessor(enrolments: QuerySet, *, limit: int = 25) -> list[dict]:
    """Assessors with evidence waiting for them, most first: a count each, never the items."""
    return list(
        enrolments.filter(progress_summary__items_waiting__gt=0)
        .values("assessor_id", "assessor__full_name")
        .annotate(waiting=Sum("progress_summary__items_waiting"), apprentices=Count("pk"))
        .order_by("-waiting", "assessor__full_name")[:limit]
    )


def past_planned_end(enrolments: QuerySet, *, today: datetime.date) -> QuerySet:
    """Apprentices still on programme after their planned end date, longest overdue first."""
    return (
        enrolments.filter(status=EnrolmentStatus.ACTIVE, planned_end_date__lt=today)
        .select_related("learner")
        .only("pk", "planned_end_date", "learner__full_name")
        .order_by("planned_end_date", "pk")
    )
