"""Daily reminders of overdue progress reviews, to everyone involved. The worker runs them once a day."""

from __future__ import annotations

from django.db import transaction

from ksbtracker.jobs import retrying_task
from ksbtracker.people.models import Enrolment, EnrolmentStatus
from ksbtracker.people.notifications import notify, provider_admins_of

from .selectors import review_due

__all__ = ["send_overdue_review_reminders", "overdue_review_reminders"]


@transaction.atomic
def send_overdue_review_reminders() -> int:
    """Email everyone involved in each overdue review; the number of overdue reviews.

    All or nothing: the emails are queued when the transaction commits, so a retry after a failure sends
    each reminder once."""
    enrolments = (
        Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE)
        .select_related("learner", "assessor", "line_manager", "funding_rule_set")
        .prefetch_related("progress_reviews", "review_frequencies", "breaks")
    )
    overdue = 0
    for enrolment in enrolments:
        due = review_due(enrolment)
        if not due.overdue:
            continue
        overdue += 1
        notify(
            recipients=[enrolment.learner, enrolment.assessor, enrolment.line_manager,
                        *provider_admins_of(enrolment)],
            subject=f"Progress review overdue for {enrolment.learner.full_name}",
            message=f"A progress review for {enrolment.learner.full_name} was due by "
            f"{due.due_by:%-d %B %Y} and has not been held and signed.",
            path=f"/apprentices/{enrolment.pk}/progress/#reviews",
        )  # fmt: skip
    return overdue


@retrying_task(max_attempts=3)
def overdue_review_reminders() -> int:
    return send_overdue_review_reminders()
