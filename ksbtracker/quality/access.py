"""Who may sample and see samples: the provider's quality reviewers make plans and record outcomes; its
admins read them; an assessor sees (and acknowledges) the samples of their own assessments."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from ksbtracker.people.access import organisation_ids_for_role
from ksbtracker.people.models import Role

from .models import SampledAssessment, SamplingPlan

__all__ = ["reviewer_provider_ids", "plans_visible_to", "samples_visible_to", "plan_for_user", "sample_for_user",
           "may_review", "may_acknowledge"]  # fmt: skip


def reviewer_provider_ids(user) -> list[int]:
    return organisation_ids_for_role(user, Role.QUALITY_REVIEWER)


def _reading_provider_ids(user) -> list[int]:
    return reviewer_provider_ids(user) + organisation_ids_for_role(user, Role.PROVIDER_ADMIN)


def plans_visible_to(user):
    if not user.is_authenticated or not user.is_active:
        return SamplingPlan.objects.none()
    return SamplingPlan.objects.filter(provider_id__in=_reading_provider_ids(user))


def samples_visible_to(user):
    if not user.is_authenticated or not user.is_active:
        return SampledAssessment.objects.none()
    return SampledAssessment.objects.filter(
        Q(plan__provider_id__in=_reading_provider_ids(user)) | Q(round__assessed_by=user)
    )


def plan_for_user(user, plan_id) -> SamplingPlan:
    try:
        return plans_visible_to(user).select_related("assessor", "created_by").get(pk=int(plan_id))
    except (SamplingPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No sampling plan found.") from None


def sample_for_user(user, sample_id) -> SampledAssessment:
    try:
        return samples_visible_to(user).select_related(
            "plan", "reviewed_by", "round__item__enrolment__learner", "round__assessed_by",
            "round__item__enrolment__standard_version",
        ).get(pk=int(sample_id))  # fmt: skip
    except (SampledAssessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No sampled assessment found.") from None


def may_review(user, sample: SampledAssessment) -> bool:
    return sample.plan.provider_id in reviewer_provider_ids(user) and sample.round.assessed_by_id != user.pk


def may_acknowledge(user, sample: SampledAssessment) -> bool:
    return sample.round.assessed_by_id == user.pk and sample.action_open
