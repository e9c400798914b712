"""Writes for quality sampling. The reviewer's own records only: a "disagree" reopens the assessor's decision
for the assessor to make again; nobody here changes what the learner wrote or what was decided before."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ksbtracker.audit.api import record_change, snapshot
from ksbtracker.evidence.models import AssessmentRound, EvidenceStatus
from ksbtracker.people.models import Organisation
from ksbtracker.people.notifications import notify

from .access import may_acknowledge, may_review, reviewer_provider_ids
from .models import QualityOutcome, SampledAssessment, SamplingPlan
from .sampling import draw

__all__ = ["create_plan", "record_outcome", "acknowledge"]


@transaction.atomic
def create_plan(*, actor, provider: Organisation, seed: int | None = None, **criteria) -> SamplingPlan:
    """Make a sampling plan and draw its sample now, recording the seed it was drawn with."""
    if provider.pk not in reviewer_provider_ids(actor):
        raise PermissionDenied("Only the provider's quality reviewers make sampling plans.")
    if criteria["period_to"] < criteria["period_from"]:
        raise ValidationError({"period_to": "The end of the period must be on or after its start"})
    if criteria.get("sample_percent") is None and criteria.get("sample_size") is None:
        raise ValidationError({"sample_percent": "Enter a sample rate or a sample size"})
    plan = SamplingPlan(provider=provider, created_by=actor, seed=seed if seed is not None else secrets.randbits(48),
                        **criteria)  # fmt: skip
    plan.full_clean()
    plan.save()
    drawn = draw(plan)
    plan.population_size = drawn.population_size
    plan.save(update_fields=["population_size"])
    SampledAssessment.objects.bulk_create(
        SampledAssessment(plan=plan, round_id=round_id, reason=reason) for round_id, reason in drawn.picks
    )
    record_change(actor=actor, action="quality.plan_drawn", instance=plan,
                  after={**snapshot(plan), "sampled_rounds": [pk for pk, _ in drawn.picks]})  # fmt: skip
    return plan


def _reopen(sample: SampledAssessment, actor) -> None:
    """The assessor decides again: the item waits for assessment in a new round with the same submission."""
    item = sample.round.item
    if item.status == EvidenceStatus.SUBMITTED:
        return
    last = item.rounds.order_by("-number").first()
    AssessmentRound.objects.create(
        item=item, number=(item.rounds.aggregate(n=Max("number"))["n"] or 0) + 1, submitted_by=last.submitted_by,
        submitted_at=timezone.now(), submitted_content=last.submitted_content,
    )  # fmt: skip
    before = item.status
    item.status = EvidenceStatus.SUBMITTED
    item.save(update_fields=["status", "updated_at"])
    record_change(actor=actor, action="evidence.reopened_by_quality_review", instance=item,
                  before={"status": before}, after={"status": item.status, "sample": sample.pk})  # fmt: skip


@transaction.atomic
def record_outcome(*, sample: SampledAssessment, actor, outcome: str, feedback: str) -> SampledAssessment:
    sample = (
        SampledAssessment.objects.select_for_update().select_related("plan", "round__item").get(pk=sample.pk)
    )
    if not may_review(actor, sample):
        raise PermissionDenied("Only the provider's quality reviewers record sampling outcomes.")
    errors = {}
    if sample.outcome:
        errors["outcome"] = "An outcome has already been recorded for this assessment"
    elif outcome not in QualityOutcome.values:
        errors["outcome"] = "Select agree, agree with action or disagree"
    if not feedback.strip():
        errors["feedback"] = "Enter feedback for the assessor"
    if errors:
        raise ValidationError(errors)
    sample.outcome, sample.feedback = outcome, feedback.strip()
    sample.reviewed_by, sample.reviewed_at = actor, timezone.now()
    sample.save()
    record_change(actor=actor, action="quality.outcome_recorded", instance=sample,
                  after={"outcome": outcome, "round": sample.round_id})  # fmt: skip
    if outcome == QualityOutcome.DISAGREE:
        _reopen(sample, actor)
    label = QualityOutcome(outcome).label.lower()
    message = (
        f"A quality reviewer sampled your assessment of “{sample.round.item.title}” and recorded: {label}."
    )
    if outcome == QualityOutcome.DISAGREE:
        message += " Your decision has been reopened: assess the evidence again."
    if outcome != QualityOutcome.AGREE:
        message += " Please read the feedback and acknowledge it."
    notify(recipients=[sample.round.assessed_by], subject=f"Quality sampling: {label}", message=message,
           path=sample.get_absolute_url(), exclude=actor)  # fmt: skip
    return sample


@transaction.atomic
def acknowledge(*, sample: SampledAssessment, actor, acknowledgement: str) -> SampledAssessment:
    sample = SampledAssessment.objects.select_for_update().select_related("round", "plan").get(pk=sample.pk)
    if not may_acknowledge(actor, sample):
        raise PermissionDenied("Only the assessor acknowledges feedback on their assessment.")
    if not acknowledgement.strip():
        raise ValidationError({"acknowledgement": "Enter what you have done or will do about the feedback"})
    sample.acknowledged_at, sample.acknowledgement = timezone.now(), acknowledgement.strip()
    sample.save(update_fields=["acknowledged_at", "acknowledgement"])
    record_change(
        actor=actor, action="quality.acknowledged", instance=sample, after={"round": sample.round_id}
    )
    notify(recipients=[sample.reviewed_by], subject="Quality feedback acknowledged",
           message=f"{actor.full_name} acknowledged your feedback.", path=sample.get_absolute_url(), exclude=actor)  # fmt: skip
    return sample
