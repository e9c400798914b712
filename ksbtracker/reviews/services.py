"""Writes for progress reviews: agreed frequencies, the review record, signatures and KSB sign-off."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ksbtracker.audit.api import record_change, snapshot
from ksbtracker.people.notifications import notify
from ksbtracker.revisions import claim_revision
from ksbtracker.scans.access import may_decide, rater_role_for
from ksbtracker.scans.models import RaterRole, ScanKind
from ksbtracker.scans.services import start_scan
from ksbtracker.signing.api import content_fingerprint, sign_record

from .models import (
    AgreedReviewFrequency,
    KSBSignOff,
    ProgressReview,
    ReviewAction,
    ReviewSignature,
    ReviewStatus,
)
from .selectors import review_due

__all__ = [
    "agree_review_frequency",
    "start_review",
    "update_review",
    "send_review_for_signing",
    "sign_review",
    "review_content_hash",
    "sign_off_ksbs",
    "REVIEW_TEXT_FIELDS",
    "start_rescan_for_review",
]

REVIEW_TEXT_FIELDS = [
    "progress_against_actions",
    "slippage",
    "plan_changes",
    "concerns",
    "changes_of_circumstance",
    "new_prior_learning",
]
SIGNATORIES = {RaterRole.LEARNER, RaterRole.ASSESSOR, RaterRole.LINE_MANAGER}


def _may_run_reviews(user, enrolment) -> bool:
    """The learner's assessor and the provider's admins hold and write up reviews."""
    return may_decide(user, enrolment)


@transaction.atomic
def agree_review_frequency(*, enrolment, actor, interval: int, unit: str, reason: str, agreed_by: str):
    if not _may_run_reviews(actor, enrolment):
        raise PermissionDenied("Only the provider records an agreed review frequency.")
    errors = {}
    if unit not in ("weeks", "calendar_months"):
        errors["unit"] = "Choose weeks or calendar months"
    if not 1 <= interval <= 52:
        errors["interval"] = "Enter how often, between 1 and 52"
    if not reason.strip():
        errors["reason"] = "Enter why a different frequency was agreed"
    if not agreed_by.strip():
        errors["agreed_by"] = "Enter who agreed it for the employer"
    if errors:
        raise ValidationError(errors)
    frequency = AgreedReviewFrequency.objects.create(
        enrolment=enrolment, interval=interval, unit=unit, reason=reason.strip(),
        agreed_with_employer_by=agreed_by.strip(), recorded_by=actor,
    )  # fmt: skip
    record_change(
        actor=actor, action="review_frequency.agreed", instance=frequency, after=snapshot(frequency)
    )
    return frequency


@transaction.atomic
def start_review(
    *, enrolment, actor, held_on: datetime.date, otj_hours_done: Decimal, otj_hours_expected: Decimal
) -> ProgressReview:
    """Open the record of a review held on ``held_on``, with the OTJ position at that date."""
    if not _may_run_reviews(actor, enrolment):
        raise PermissionDenied("Only the learner's assessor or a provider admin holds progress reviews.")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The review date must be today or in the past"})
    if held_on < enrolment.start_date:
        raise ValidationError({"held_on": "The review date must be on or after the start date"})
    if enrolment.progress_reviews.exclude(status=ReviewStatus.SIGNED).exists():
        raise ValidationError(
            "A review for this apprentice is still being written or signed. Finish it first."
        )
    review = ProgressReview.objects.create(
        enrolment=enrolment, held_on=held_on, due_by=review_due(enrolment).due_by, created_by=actor,
        otj_hours_done=otj_hours_done, otj_hours_expected=otj_hours_expected,
    )  # fmt: skip
    record_change(actor=actor, action="review.started", instance=review, after=snapshot(review))
    return review


@transaction.atomic
def update_review(
    *,
    review: ProgressReview,
    actor,
    answers: dict[str, str],
    actions: list[dict],
    seen_revision: int | None = None,
) -> ProgressReview:
    """Write up the review: each section's text and the next actions (description, owner, due date).

    ``seen_revision`` is the review's revision when the page was opened: a save from an older page is refused.
    """
    review = ProgressReview.objects.select_for_update().select_related("enrolment").get(pk=review.pk)
    if not _may_run_reviews(actor, review.enrolment):
        raise PermissionDenied("Only the learner's assessor or a provider admin writes up the review.")
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError("This review has been sent for signatures and can no longer be changed.")
    errors = {}
    for index, action in enumerate(actions):
        number = action.get("number", index + 1)  # as the person filling in the form counts them
        if not action.get("owner", "").strip():
            errors[f"owner-{index}"] = f"Enter who owns next action {number}"
        if action.get("due_on") is None:
            errors[f"due_on-{index}"] = (
                f"Enter a real due date for next action {number}, for example 27 3 2026"
            )
    if errors:
        raise ValidationError(errors)
    claim_revision(review, seen=seen_revision, noun="review")
    before = snapshot(review, fields=REVIEW_TEXT_FIELDS)
    for name in REVIEW_TEXT_FIELDS:
        setattr(review, name, answers.get(name, "").strip())
    review.save()
    review.actions.all().delete()
    ReviewAction.objects.bulk_create(
        ReviewAction(
            review=review, description=a["description"].strip(), owner=a["owner"].strip(), due_on=a["due_on"]
        )
        for a in actions
    )
    record_change(
        actor=actor, action="review.updated", instance=review, before=before,
        after={**snapshot(review, fields=REVIEW_TEXT_FIELDS), "actions": [a["description"] for a in actions]},
    )  # fmt: skip
    return review


def review_content(review: ProgressReview) -> dict:
    return {
        "review": review.pk,
        "held_on": str(review.held_on),
        "otj": [str(review.otj_hours_done), str(review.otj_hours_expected)],
        "sections": {name: getattr(review, name) for name in REVIEW_TEXT_FIELDS},
        "actions": sorted((a.description, a.owner, str(a.due_on)) for a in review.actions.all()),
        "rescan": review.rescan_id,
        "sign_offs": sorted(
            (s.ksb_id, s.ksb.code, s.ksb.text) for s in review.sign_offs.select_related("ksb")
        ),
    }


def review_content_hash(review: ProgressReview) -> str:
    return content_fingerprint(review_content(review))


@transaction.atomic
def send_review_for_signing(*, review: ProgressReview, actor) -> ProgressReview:
    review = ProgressReview.objects.select_for_update().select_related("enrolment").get(pk=review.pk)
    if not _may_run_reviews(actor, review.enrolment) or review.status != ReviewStatus.DRAFT:
        raise PermissionDenied("You cannot send this review for signing now.")
    if not review.actions.exists():
        raise ValidationError("Agree at least one next action before the review is signed.")
    review.status = ReviewStatus.SIGNING
    review.save(update_fields=["status"])
    record_change(
        actor=actor,
        action="review.sent_for_signing",
        instance=review,
        after={"hash": review_content_hash(review)},
    )
    enrolment = review.enrolment
    notify(
        recipients=[enrolment.learner, enrolment.assessor, enrolment.line_manager], exclude=actor,
        subject="Progress review to sign",
        message=f"The progress review held on {review.held_on:%-d %B %Y} for {enrolment.learner.full_name} is ready to sign.",
        path=review.get_absolute_url(),
    )  # fmt: skip
    return review


@transaction.atomic
def sign_review(*, review: ProgressReview, actor) -> ReviewSignature:
    """Learner, assessor and line manager each sign; then the review is complete and cannot change."""
    review = ProgressReview.objects.select_for_update().select_related("enrolment").get(pk=review.pk)
    if review.status != ReviewStatus.SIGNING:
        raise ValidationError("This review is not waiting for signatures.")
    role = rater_role_for(actor, review.enrolment)
    signature, complete = sign_record(
        record=review, role=role if role in SIGNATORIES else None, actor=actor,
        content=review_content(review), required_roles=SIGNATORIES, noun="progress review",
        action="review.signed",
    )  # fmt: skip
    if complete:
        review.status = ReviewStatus.SIGNED
        review.signed_at = timezone.now()
        review.save(update_fields=["status", "signed_at"])
        record_change(
            actor=actor, action="review.completed", instance=review, after={"hash": signature.content_hash}
        )
    return signature


@transaction.atomic
def sign_off_ksbs(
    *, enrolment, actor, ksb_ids: list[int], review: ProgressReview | None = None, comment: str = ""
):
    """The assessor confirms competence in KSBs. Signed-off KSBs stay signed off."""
    if enrolment.assessor_id != actor.pk and not (actor.is_superuser or may_decide(actor, enrolment)):
        raise PermissionDenied("Only the learner's assessor signs off KSBs.")
    if review is not None and review.status != ReviewStatus.DRAFT:
        raise ValidationError("KSBs are signed off while the review is being written.")
    valid = set(enrolment.standard_version.ksbs.values_list("pk", flat=True))
    if not set(ksb_ids) <= valid:
        raise ValidationError("A KSB is not in this apprentice's standard.")
    done = set(KSBSignOff.objects.filter(enrolment=enrolment).values_list("ksb_id", flat=True))
    created = []
    for ksb_id in ksb_ids:
        if ksb_id in done:
            continue
        created.append(KSBSignOff.objects.create(
            enrolment=enrolment, ksb_id=ksb_id, review=review, comment=comment.strip(), signed_off_by=actor
        ))  # fmt: skip
        record_change(
            actor=actor,
            action="ksb.signed_off",
            instance=enrolment,
            after={"ksb": ksb_id, "review": getattr(review, "pk", None)},
        )
    return created


@transaction.atomic
def start_rescan_for_review(*, review: ProgressReview, actor):
    """A re-scan as part of this review, against the same KSBs as the baseline."""
    review = ProgressReview.objects.select_for_update().select_related("enrolment").get(pk=review.pk)
    if review.status != ReviewStatus.DRAFT or not _may_run_reviews(actor, review.enrolment):
        raise PermissionDenied("A re-scan is added while the review is being written up.")
    if review.rescan_id:
        raise ValidationError("This review already has a re-scan.")
    review.rescan = start_scan(enrolment=review.enrolment, actor=actor, kind=ScanKind.RESCAN)
    review.save(update_fields=["rescan"])
    record_change(
        actor=actor, action="review.rescan_started", instance=review, after={"rescan": review.rescan_id}
    )
    return review.rescan
