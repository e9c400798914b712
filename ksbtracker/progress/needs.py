"""What waits on each person: items to assess, reviews to hold, ratings to give, things to sign.

Nothing is asked of anyone for an apprentice on a break in learning.

Each kind of task is one database query over the records waiting (scans, plans, reviews, evidence, or the
enrolments whose review is due), filtered by the person's part in each enrolment. A home page counts each
kind and shows the few most urgent; the full list of a kind is paginated. Nothing loads every record.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Window
from django.urls import reverse
from django.utils import timezone

from ksbtracker.evidence.access import assessable_enrolments
from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.people.access import enrolments_visible_to, organisation_ids_for_role, roles_of
from ksbtracker.people.models import Enrolment, EnrolmentStatus, Role
from ksbtracker.plans.models import PlanStatus, TrainingPlan
from ksbtracker.reviews.models import ProgressReview, ReviewStatus
from ksbtracker.scans.models import RaterRole, ScanStatus, SignatoryRole, SkillsScan

__all__ = ["Task", "NeedKind", "NEED_KINDS", "needs_for", "need_kind", "tasks_for", "REVIEW_NOTICE_DAYS"]

REVIEW_NOTICE_DAYS = 14


@dataclass(frozen=True)
class Task:
    text: str
    href: str
    who: str = ""
    due: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class NeedKind:
    slug: str
    title: str
    records: Callable  # (parts, today) -> QuerySet, most urgent first
    task: Callable  # (record, parts, today) -> Task
    roles: frozenset = frozenset(Role.values)  # who can have tasks of this kind


@dataclass(frozen=True)
class NeedGroup:
    kind: NeedKind
    count: int
    tasks: list[Task]


class _Parts:
    """The person's part in enrolments, as filters over a path to ``Enrolment`` (``prefix``)."""

    def __init__(self, user, prefix: str):
        self.user = user
        p = prefix
        self.learner = Q(**{f"{p}learner": user})
        self.assessor = Q(**{f"{p}assessor": user})
        self.line_manager = Q(**{f"{p}line_manager": user}) | Q(
            **{f"{p}employer_id__in": organisation_ids_for_role(user, Role.LINE_MANAGER)}
        )
        self.provider = (
            Q() if user.is_superuser
            else Q(**{f"{p}provider_id__in": organisation_ids_for_role(user, Role.PROVIDER_ADMIN)})
        )  # fmt: skip
        # Those who hold reviews and make the provider's decisions: the assessor and the provider's admins.
        self.runs = self.assessor | self.provider

    def rater(self, role: str) -> Q:
        """Where the person rates (and signs reviews) as ``role``: the first part of learner/assessor/manager."""
        return {
            RaterRole.LEARNER: self.learner,
            RaterRole.ASSESSOR: self.assessor & ~self.learner,
            RaterRole.LINE_MANAGER: self.line_manager & ~self.learner & ~self.assessor,
        }[role]

    def signatory(self, role: str) -> Q:
        """Where the person signs scans and plans for ``role``: the apprentice, employer or provider."""
        return {
            SignatoryRole.APPRENTICE: self.learner,
            SignatoryRole.EMPLOYER: self.line_manager & ~self.learner,
            SignatoryRole.PROVIDER: self.provider & ~self.learner & ~self.line_manager,
        }[role]

    def unsigned(self, roles) -> Q:
        """Records the person still has to sign, for whichever of ``roles`` they sign as."""
        condition = Q(pk__in=[])
        for role in roles:
            part = self.rater(role) if role in RaterRole.values else self.signatory(role)
            condition |= part & ~Q(signatures__role=role)
        return condition


def _who(enrolment, parts) -> str:
    return "" if enrolment.learner_id == parts.user.pk else enrolment.learner.full_name


def _scans(parts, condition: Q) -> QuerySet:
    visible = enrolments_visible_to(parts.user)
    return (
        SkillsScan.objects.filter(condition, enrolment__in=visible)
        .select_related("enrolment__learner")
        .only("pk", "status", "enrolment__learner_id", "enrolment__learner__full_name")
        .order_by("pk")
    )


def _scan_task(text: str, url_name: str = "scan-detail"):
    return lambda scan, parts, today: Task(text, reverse(url_name, args=[scan.pk]), _who(scan.enrolment, parts))


def _plans(parts, condition: Q) -> QuerySet:
    return (
        TrainingPlan.objects.filter(condition, enrolment__in=enrolments_visible_to(parts.user))
        .select_related("enrolment__learner")
        .only("pk", "enrolment__learner_id", "enrolment__learner__full_name")
        .order_by("pk")
    )


def _plan_task(text: str):
    return lambda plan, parts, today: Task(text, plan.get_absolute_url(), _who(plan.enrolment, parts))


def _reviews(parts, condition: Q) -> QuerySet:
    return (
        ProgressReview.objects.filter(condition, enrolment__in=enrolments_visible_to(parts.user))
        .select_related("enrolment__learner")
        .only("pk", "held_on", "enrolment__learner_id", "enrolment__learner__full_name")
        .order_by("held_on", "pk")
    )


def _evidence(queryset) -> QuerySet:
    return (
        queryset.select_related("enrolment__learner")
        .only("pk", "title", "updated_at", "enrolment__learner_id", "enrolment__learner__full_name")
        .order_by("updated_at", "pk")
    )


def _due_reviews(parts, today) -> QuerySet:
    """Enrolments on programme whose next review is overdue (for all involved) or due soon (for those holding it)."""
    overdue = Q(progress_summary__next_review_due__lt=today)
    soon = Q(progress_summary__next_review_due__lte=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS))
    scan_parts = _Parts(parts.user, "")
    involved = scan_parts.runs | scan_parts.learner | scan_parts.assessor | scan_parts.line_manager
    return (
        enrolments_visible_to(parts.user)
        .filter(overdue & involved | soon & scan_parts.runs, status=EnrolmentStatus.ACTIVE)
        .select_related("learner", "progress_summary")
        .only("pk", "learner_id", "learner__full_name", "progress_summary__next_review_due", "assessor_id",
              "provider_id")  # fmt: skip
        .order_by("progress_summary__next_review_due", "pk")
    )


def _due_review_task(enrolment, parts, today) -> Task:
    due = enrolment.progress_summary.next_review_due
    holds = enrolment.assessor_id == parts.user.pk or parts.user.is_superuser or enrolment.provider_id in (
        organisation_ids_for_role(parts.user, Role.PROVIDER_ADMIN)
    )
    verb = "Hold" if holds else "Take part in"
    state = "overdue since" if due < today else "due by"
    return Task(
        f"{verb} a progress review: {state} {due:%-d %B %Y}",
        reverse("enrolment-progress", args=[enrolment.pk]) + "#reviews",
        _who(enrolment, parts),
        due,
        due < today,
    )


STAFF = (RaterRole.ASSESSOR, RaterRole.LINE_MANAGER)
SIGNATORIES = tuple(SignatoryRole.values)

NEED_KINDS = [
    NeedKind(
        "reviews-due", "Progress reviews due",
        lambda parts, today: _due_reviews(parts, today), _due_review_task,
        frozenset({Role.LEARNER, Role.ASSESSOR, Role.LINE_MANAGER, Role.PROVIDER_ADMIN}),
    ),
    NeedKind(
        "evidence-to-assess", "Evidence to assess",
        lambda parts, today: _evidence(EvidenceItem.objects.filter(
            status=EvidenceStatus.SUBMITTED, enrolment__in=assessable_enrolments(parts.user))),
        lambda item, parts, today: Task(f"Assess “{item.title}”", item.get_absolute_url(), _who(item.enrolment, parts)),
        frozenset({Role.ASSESSOR, Role.PROVIDER_ADMIN}),
    ),
    NeedKind(
        "evidence-to-revise", "Evidence sent back to you",
        lambda parts, today: _evidence(EvidenceItem.objects.filter(
            status=EvidenceStatus.REFERRED, enrolment__learner=parts.user)),
        lambda item, parts, today: Task(f"Revise “{item.title}”: it was sent back", item.get_absolute_url(), ""),
        frozenset({Role.LEARNER}),
    ),
    NeedKind(
        "scans-to-rate", "Skills scans to rate",
        lambda parts, today: _scans(
            parts, Q(status=ScanStatus.LEARNER_RATING) & parts.rater(RaterRole.LEARNER)
            | Q(status=ScanStatus.STAFF_RATING) & (parts.rater(STAFF[0]) | parts.rater(STAFF[1]))),
        _scan_task("Rate every KSB in the skills scan"),
        frozenset({Role.LEARNER, Role.ASSESSOR, Role.LINE_MANAGER}),
    ),
    NeedKind(
        "scans-to-decide", "Prior learning to decide",
        lambda parts, today: _scans(parts, Q(status=ScanStatus.DECIDING) & parts.runs),
        _scan_task("Decide prior learning in the skills scan", "scan-decide"),
        frozenset({Role.ASSESSOR, Role.PROVIDER_ADMIN}),
    ),
    NeedKind(
        "scans-to-sign", "Skills scans to sign",
        lambda parts, today: _scans(parts, Q(status=ScanStatus.SIGNING) & parts.unsigned(SIGNATORIES)),
        _scan_task("Sign the skills scan"),
        frozenset({Role.LEARNER, Role.LINE_MANAGER, Role.PROVIDER_ADMIN}),
    ),
    NeedKind(
        "plans-to-finish", "Training plans to finish",
        lambda parts, today: _plans(parts, Q(status=PlanStatus.DRAFT) & parts.runs),
        _plan_task("Finish the training plan and send it for signatures"),
        frozenset({Role.ASSESSOR, Role.PROVIDER_ADMIN}),
    ),
    NeedKind(
        "plans-to-sign", "Training plans to sign",
        lambda parts, today: _plans(parts, Q(status=PlanStatus.SIGNING) & parts.unsigned(SIGNATORIES)),
        _plan_task("Sign the training plan"),
        frozenset({Role.LEARNER, Role.LINE_MANAGER, Role.PROVIDER_ADMIN}),
    ),
    NeedKind(
        "reviews-to-sign", "Progress reviews to sign",
        lambda parts, today: _reviews(parts, Q(status=ReviewStatus.SIGNING) & parts.unsigned(RaterRole.values)),
        lambda review, parts, today: Task(f"Sign the progress review of {review.held_on:%-d %B %Y}",
                                          review.get_absolute_url(), _who(review.enrolment, parts)),
        frozenset({Role.LEARNER, Role.ASSESSOR, Role.LINE_MANAGER}),
    ),
    NeedKind(
        "reviews-to-finish", "Progress reviews to finish",
        lambda parts, today: _reviews(parts, Q(status=ReviewStatus.DRAFT) & parts.runs),
        lambda review, parts, today: Task("Finish writing up the progress review", review.get_absolute_url(),
                                          _who(review.enrolment, parts)),
        frozenset({Role.ASSESSOR, Role.PROVIDER_ADMIN}),
    ),
]  # fmt: skip
_BY_SLUG = {kind.slug: kind for kind in NEED_KINDS}


def need_kind(user, slug: str, *, today: datetime.date | None = None):
    """(the kind, its records most urgent first, a function turning a record into a Task); KeyError if unknown."""
    kind = _BY_SLUG[slug]
    today = today or timezone.localdate()
    parts = _Parts(user, "enrolment__")
    return kind, _records(kind, parts, today), lambda record: kind.task(record, parts, today)


def _records(kind: NeedKind, parts: _Parts, today: datetime.date) -> QuerySet:
    records = kind.records(parts, today)
    on_break = {"status": EnrolmentStatus.BREAK} if records.model is Enrolment else {"enrolment__status": EnrolmentStatus.BREAK}
    return records.exclude(**on_break)


def needs_for(user, *, today: datetime.date | None = None, per_kind: int = 3) -> list[NeedGroup]:
    """Each kind of task waiting on ``user`` with its count and its ``per_kind`` most urgent tasks.

    One query a kind that the person's roles can have (the count comes with the first few rows).
    """
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    parts = _Parts(user, "enrolment__")
    roles = roles_of(user)
    groups = []
    for kind in NEED_KINDS:
        if not (user.is_superuser or roles & kind.roles):
            continue
        first = list(_records(kind, parts, today).annotate(waiting=Window(Count("pk")))[:per_kind])
        if first:
            tasks = [kind.task(record, parts, today) for record in first]
            groups.append(NeedGroup(kind, first[0].waiting, tasks))
    return groups


def tasks_for(user, *, today: datetime.date | None = None, per_kind: int = 3) -> list[Task]:
    """The most urgent tasks of every kind waiting on ``user``, overdue first."""
    tasks = [task for group in needs_for(user, today=today, per_kind=per_kind) for task in group.tasks]
    return sorted(tasks, key=lambda t: (not t.overdue, t.due or datetime.date.max))
