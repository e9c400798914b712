"""What waits on each person: items to assess, reviews to hold, ratings to give, things to sign."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from ksbtracker.evidence.selectors import items_awaiting_assessment, items_referred_to
from ksbtracker.people.access import enrolments_visible_to
from ksbtracker.people.models import EnrolmentStatus
from ksbtracker.plans.models import PlanStatus, TrainingPlan
from ksbtracker.reviews.models import ProgressReview, ReviewStatus
from ksbtracker.reviews.selectors import review_due
from ksbtracker.scans.access import may_decide, rater_role_for, signatory_role_for
from ksbtracker.scans.models import RaterRole, ScanStatus, SkillsScan

__all__ = ["Task", "tasks_for"]

REVIEW_NOTICE_DAYS = 14
RATING_STAGE = {
    RaterRole.LEARNER: ScanStatus.LEARNER_RATING,
    RaterRole.ASSESSOR: ScanStatus.STAFF_RATING,
    RaterRole.LINE_MANAGER: ScanStatus.STAFF_RATING,
}


@dataclass(frozen=True)
class Task:
    text: str
    href: str
    who: str = ""
    due: datetime.date | None = None
    overdue: bool = False


def _enrolments(user):
    return (
        enrolments_visible_to(user)
        .select_related("learner", "funding_rule_set", "standard_version")
        .prefetch_related(
            Prefetch("skills_scans", queryset=SkillsScan.objects.prefetch_related("signatures")),
            Prefetch("training_plans", queryset=TrainingPlan.objects.prefetch_related("signatures")),
            Prefetch("progress_reviews", queryset=ProgressReview.objects.prefetch_related("signatures")),
            "review_frequencies",
            "breaks",
        )
    )


def tasks_for(user, *, today: datetime.date | None = None) -> list[Task]:
    """Everything waiting on ``user``, overdue first (a fixed number of queries, whatever the caseload).

    Nothing is asked of anyone for an apprentice on a break in learning."""
    today = today or timezone.localdate()
    tasks = [
        Task(f"Assess “{item.title}”", item.get_absolute_url(), item.enrolment.learner.full_name)
        for item in items_awaiting_assessment(user)
        .exclude(enrolment__status=EnrolmentStatus.BREAK)
        .select_related("enrolment__learner")
    ]
    tasks += [
        Task(
            f"Revise “{item.title}”: it was sent back",
            item.get_absolute_url(),
            item.enrolment.learner.full_name,
        )
        for item in items_referred_to(user)
        .exclude(enrolment__status=EnrolmentStatus.BREAK)
        .select_related("enrolment__learner")
    ]
    for enrolment in _enrolments(user).exclude(status=EnrolmentStatus.BREAK):
        tasks += _enrolment_tasks(user, enrolment, today)
    return sorted(tasks, key=lambda t: (not t.overdue, t.due or datetime.date.max, t.text))


def _enrolment_tasks(user, enrolment, today) -> list[Task]:
    who = enrolment.learner.full_name if enrolment.learner_id != user.pk else ""
    rater = rater_role_for(user, enrolment)
    signatory = signatory_role_for(user, enrolment)
    runs_reviews = may_decide(user, enrolment)
    tasks = []
    for scan in enrolment.skills_scans.all():
        if rater and scan.status == RATING_STAGE[rater]:
            tasks.append(Task("Rate every KSB in the skills scan", scan.get_absolute_url(), who))
        if runs_reviews and scan.status == ScanStatus.DECIDING:
            tasks.append(
                Task("Decide prior learning in the skills scan", reverse("scan-decide", args=[scan.pk]), who)
            )
        if (
            scan.status == ScanStatus.SIGNING
            and signatory
            and signatory not in {s.role for s in scan.signatures.all()}
        ):
            tasks.append(Task("Sign the skills scan", scan.get_absolute_url(), who))
    for plan in enrolment.training_plans.all():
        if runs_reviews and plan.status == PlanStatus.DRAFT:
            tasks.append(
                Task("Finish the training plan and send it for signatures", plan.get_absolute_url(), who)
            )
        if (
            plan.status == PlanStatus.SIGNING
            and signatory
            and signatory not in {s.role for s in plan.signatures.all()}
        ):
            tasks.append(Task("Sign the training plan", plan.get_absolute_url(), who))
    for review in enrolment.progress_reviews.all():
        if (
            review.status == ReviewStatus.SIGNING
            and rater
            and rater not in {s.role for s in review.signatures.all()}
        ):
            tasks.append(
                Task(
                    f"Sign the progress review of {review.held_on:%-d %B %Y}", review.get_absolute_url(), who
                )
            )
        if runs_reviews and review.status == ReviewStatus.DRAFT:
            tasks.append(Task("Finish writing up the progress review", review.get_absolute_url(), who))
    due = review_due(enrolment, today=today)
    # Overdue reviews are flagged to everyone involved; those holding them also see one due within a fortnight.
    if due.overdue and (runs_reviews or rater) or runs_reviews and due.days_left <= REVIEW_NOTICE_DAYS:
        verb = "Hold" if runs_reviews else "Take part in"
        state = "overdue since" if due.overdue else "due by"
        tasks.append(
            Task(
                f"{verb} a progress review: {state} {due.due_by:%-d %B %Y}",
                reverse("enrolment-progress", args=[enrolment.pk]) + "#reviews",
                who,
                due.due_by,
                due.overdue,
            )  # fmt: skip
        )
    return tasks
