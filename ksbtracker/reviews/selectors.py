"""Reads for progress reviews: when the next one is due, and whether it is overdue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from ksbtracker.funding.schedule import describe_interval, next_review_due
from ksbtracker.lifecycle.selectors import break_days, on_break
from ksbtracker.people.access import enrolments_visible_to

from .models import AgreedReviewFrequency, ProgressReview, ReviewStatus

__all__ = ["ReviewDue", "review_due", "reviews_visible_to", "review_for_user", "agreed_frequency"]


@dataclass(frozen=True)
class ReviewDue:
    due_by: datetime.date
    counted_from: datetime.date
    frequency: str
    overdue: bool
    days_left: int


def agreed_frequency(enrolment) -> AgreedReviewFrequency | None:
    """The latest agreed frequency (works on prefetched ``review_frequencies`` without more queries)."""
    return max(enrolment.review_frequencies.all(), key=lambda f: (f.recorded_at, f.pk), default=None)


def review_due(enrolment, *, today: datetime.date | None = None) -> ReviewDue:
    """The next review's due date: counted from the last signed review, or from the start."""
    today = today or timezone.localdate()
    # Reads prefetched ``progress_reviews`` where there are some, so dashboards need no query per apprentice.
    last = max(
        (r.held_on for r in enrolment.progress_reviews.all() if r.status == ReviewStatus.SIGNED), default=None
    )
    counted_from = last or enrolment.start_date
    frequency = agreed_frequency(enrolment)
    agreed = (frequency.interval, frequency.unit) if frequency else None
    rule_set = enrolment.funding_rule_set
    due_by = next_review_due(rule_set=rule_set, last_review=counted_from, agreed_interval=agreed)
    # A break in learning since the last review puts the next one back by the days spent on it.
    due_by += datetime.timedelta(days=break_days(enrolment, start=counted_from, until=max(today, due_by)))
    return ReviewDue(
        due_by=due_by,
        counted_from=counted_from,
        frequency=describe_interval(rule_set=rule_set, agreed_interval=agreed)
        + (" (agreed with the employer)" if agreed else ""),
        overdue=today > due_by and not on_break(enrolment),
        days_left=(due_by - today).days,
    )


def reviews_visible_to(user):
    return ProgressReview.objects.filter(enrolment__in=enrolments_visible_to(user))


def review_for_user(user, review_id) -> ProgressReview:
    try:
        return (
            reviews_visible_to(user)
            .select_related(
                "enrolment__learner",
                "enrolment__standard_version",
                "enrolment__assessor",
                "enrolment__line_manager",
                "enrolment__employer",
                "enrolment__provider",
                "enrolment__funding_rule_set",
                "rescan",
            )  # fmt: skip
            .get(pk=int(review_id))
        )
    except (ProgressReview.DoesNotExist, ValueError, TypeError):
        raise Http404("No progress review found.") from None
