"""Who may see which enrolment, declared once and used by every page and API endpoint.

- a learner sees only their own enrolments;
- an assessor, the enrolments assigned to them;
- a line manager, the apprentices of the employers they are a line manager at (and any they are named on);
- a provider admin, the enrolments of their provider;
- a quality reviewer, the enrolments of their provider, read-only;
- a system admin (superuser), everything;
- anyone else, nothing: a record they may not see is "not found", never a hint that it exists.

The audit trail page shows provider admins and quality reviewers the events about their provider's records,
a learner the events about their own apprenticeship, and a system admin everything.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ksbtracker.audit.api import AuditEvent

from .models import Enrolment, Membership, Organisation, Role

__all__ = [
    "enrolments_visible_to",
    "enrolments_editable_by",
    "enrolment_for_user",
    "roles_of",
    "organisation_ids_for_role",
    "provider_administered_by",
    "audit_events_visible_to",
]


def organisation_ids_for_role(user, role: str) -> list[int]:
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).values_list("role", "organisation_id"))
        user._membership_cache = cache
    return [org_id for member_role, org_id in cache if member_role == role]


def roles_of(user) -> set[str]:
    """Every role the user holds, from memberships and from the enrolments they are named on."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_roles_cache", None)  # asked several times a request: the page, its tasks, its menu
    if cached is not None:
        return set(cached)
    roles = {role for role, _ in _memberships(user)}
    if Enrolment.objects.filter(learner=user).exists():
        roles.add(Role.LEARNER)
    if Enrolment.objects.filter(assessor=user).exists():
        roles.add(Role.ASSESSOR)
    if Enrolment.objects.filter(line_manager=user).exists():
        roles.add(Role.LINE_MANAGER)
    user._roles_cache = frozenset(roles)
    return roles


def _memberships(user) -> list[tuple[str, int]]:
    organisation_ids_for_role(user, "")
    return user._membership_cache


def _visibility_filter(user, *, include_read_only: bool) -> Q | None:
    """A filter over Enrolment for what ``user`` may see; None means everything."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    condition = Q(learner=user) | Q(assessor=user) | Q(line_manager=user)
    employer_ids = organisation_ids_for_role(user, Role.LINE_MANAGER)
    if employer_ids:
        condition |= Q(employer_id__in=employer_ids)
    provider_ids = organisation_ids_for_role(user, Role.PROVIDER_ADMIN)
    if include_read_only:
        provider_ids += organisation_ids_for_role(user, Role.QUALITY_REVIEWER)
    if provider_ids:
        condition |= Q(provider_id__in=provider_ids)
    return condition


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """Every enrolment ``user`` may read."""
    condition = _visibility_filter(user, include_read_only=True)
    queryset = Enrolment.objects.all()
    return queryset if condition is None else queryset.filter(condition)


def enrolments_editable_by(user) -> QuerySet[Enrolment]:
    """Enrolments whose details ``user`` may change: their provider's admins and system admins."""
    if not user.is_authenticated or not user.is_active:
        return Enrolment.objects.none()
    if user.is_superuser:
        return Enrolment.objects.all()
    return Enrolment.objects.filter(provider_id__in=organisation_ids_for_role(user, Role.PROVIDER_ADMIN))


def enrolment_for_user(user, enrolment_id, *, queryset: QuerySet[Enrolment] | None = None) -> Enrolment:
    """The enrolment if ``user`` may see it; otherwise Http404, as if it did not exist."""
    base = queryset if queryset is not None else Enrolment.objects.all()
    condition = _visibility_filter(user, include_read_only=True)
    if condition is not None:
        base = base.filter(condition)
    try:
        return base.get(pk=int(enrolment_id))
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise Http404("No enrolment found.") from None


def provider_administered_by(user):
    """The training provider ``user`` is an admin of; PermissionDenied for anyone else."""
    provider_ids = organisation_ids_for_role(user, Role.PROVIDER_ADMIN)
    if not provider_ids:
        raise PermissionDenied("Only provider admins can do that.")
    return Organisation.objects.get(pk=provider_ids[0])


def audit_events_visible_to(user) -> QuerySet[AuditEvent] | None:
    """The audit events ``user`` may read; None when they have no audit trail page at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return AuditEvent.objects.all()
    provider_ids = organisation_ids_for_role(user, Role.PROVIDER_ADMIN) + organisation_ids_for_role(
        user, Role.QUALITY_REVIEWER
    )
    own = list(Enrolment.objects.filter(learner=user).values_list("pk", flat=True))
    if not provider_ids and not own:
        return None
    return AuditEvent.objects.filter(Q(provider_ref__in=provider_ids) | Q(enrolment_ref__in=own))
