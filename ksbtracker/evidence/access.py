"""Who may see and act on evidence. Visibility follows the enrolment's (see people.access).

- everyone who may see the enrolment reads its evidence (learner, assessor, line manager, provider
  admins, quality reviewers, system admins);
- only the learner creates, changes, attaches files to and submits their own evidence;
- the enrolment's assessor and the provider's admins assess it (never the learner themselves).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from ksbtracker.people.access import enrolments_visible_to, organisation_ids_for_role
from ksbtracker.people.models import Enrolment, EnrolmentStatus, Role

from .models import EvidenceAttachment, EvidenceItem

__all__ = [
    "evidence_visible_to",
    "evidence_item_for_user",
    "attachment_for_user",
    "may_add_evidence",
    "may_edit_evidence",
    "may_assess_evidence",
    "assessable_enrolments",
]


def evidence_visible_to(user) -> QuerySet[EvidenceItem]:
    """Every evidence item ``user`` may read."""
    return EvidenceItem.objects.filter(enrolment__in=enrolments_visible_to(user))


def evidence_item_for_user(user, item_id) -> EvidenceItem:
    """The item if ``user`` may see it; otherwise Http404, as if it did not exist."""
    try:
        return (
            evidence_visible_to(user)
            .select_related(
                "enrolment__learner",
                "enrolment__standard_version",
                "enrolment__assessor",
                "enrolment__provider",
            )
            .get(pk=int(item_id))
        )
    except (EvidenceItem.DoesNotExist, ValueError, TypeError):
        raise Http404("No evidence found.") from None


def attachment_for_user(user, item_id, attachment_id) -> EvidenceAttachment:
    """An attachment of an item ``user`` may see; otherwise Http404. The item is checked first."""
    item = evidence_item_for_user(user, item_id)
    try:
        return item.attachments.select_related("item").get(pk=int(attachment_id))
    except (EvidenceAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404("No file found.") from None


# A completed or withdrawn apprenticeship's portfolio is a closed record.
OPEN_STATUSES = (EnrolmentStatus.ACTIVE, EnrolmentStatus.BREAK, EnrolmentStatus.GATEWAY)


def may_add_evidence(user, enrolment: Enrolment) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and enrolment.learner_id == user.pk
        and enrolment.status in OPEN_STATUSES
    )


def may_edit_evidence(user, item: EvidenceItem) -> bool:
    """The learner, while the item is a draft or has been sent back."""
    return may_add_evidence(user, item.enrolment) and item.is_editable


def _is_provider_admin(user, enrolment: Enrolment) -> bool:
    return user.is_superuser or enrolment.provider_id in organisation_ids_for_role(user, Role.PROVIDER_ADMIN)


def may_assess_evidence(user, enrolment: Enrolment) -> bool:
    """The enrolment's assessor or a provider admin; never the learner, whatever else they are."""
    if not user.is_authenticated or not user.is_active or enrolment.learner_id == user.pk:
        return False
    if enrolment.status not in OPEN_STATUSES:
        return False
    return enrolment.assessor_id == user.pk or _is_provider_admin(user, enrolment)


def assessable_enrolments(user) -> QuerySet[Enrolment]:
    """Enrolments whose evidence ``user`` assesses."""
    if not user.is_authenticated or not user.is_active:
        return Enrolment.objects.none()
    if user.is_superuser:
        return Enrolment.objects.exclude(learner=user)
    provider_ids = organisation_ids_for_role(user, Role.PROVIDER_ADMIN)
    return Enrolment.objects.filter(Q(assessor=user) | Q(provider_id__in=provider_ids)).exclude(learner=user)
