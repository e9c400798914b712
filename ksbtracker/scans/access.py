"""Who may see and act on skills scans. Visibility follows the enrolment's (see people.access)."""

from __future__ import annotations

from django.http import Http404

from ksbtracker.lifecycle.selectors import is_read_only
from ksbtracker.people.access import enrolments_visible_to, organisation_ids_for_role
from ksbtracker.people.models import Enrolment, Role

from .models import RaterRole, SignatoryRole, SkillsScan

__all__ = [
    "scans_visible_to",
    "scan_for_user",
    "rater_role_for",
    "signatory_role_for",
    "may_start_scan",
    "may_decide",
]


def scans_visible_to(user):
    return SkillsScan.objects.filter(enrolment__in=enrolments_visible_to(user))


def scan_for_user(user, scan_id) -> SkillsScan:
    """The scan if ``user`` may see it; otherwise Http404, as if it did not exist."""
    try:
        return (
            scans_visible_to(user)
            .select_related(
                "enrolment__learner",
                "enrolment__standard_version",
                "enrolment__employer",
                "enrolment__provider",
                "enrolment__assessor",
                "enrolment__line_manager",
                "enrolment__funding_rule_set",
                "scale",
            )
            .get(pk=int(scan_id))
        )
    except (SkillsScan.DoesNotExist, ValueError, TypeError):
        raise Http404("No skills scan found.") from None


def _is_provider_admin(user, enrolment: Enrolment) -> bool:
    return user.is_superuser or enrolment.provider_id in organisation_ids_for_role(user, Role.PROVIDER_ADMIN)


def _is_line_manager(user, enrolment: Enrolment) -> bool:
    return enrolment.line_manager_id == user.pk or enrolment.employer_id in organisation_ids_for_role(
        user, Role.LINE_MANAGER
    )


def rater_role_for(user, enrolment: Enrolment) -> str | None:
    """The role in which ``user`` rates KSBs on this enrolment's scans, if any."""
    if enrolment.learner_id == user.pk:
        return RaterRole.LEARNER
    if enrolment.assessor_id == user.pk:
        return RaterRole.ASSESSOR
    if _is_line_manager(user, enrolment):
        return RaterRole.LINE_MANAGER
    return None


def signatory_role_for(user, enrolment: Enrolment) -> str | None:
    """The party ``user`` signs for: the apprentice, the employer (line manager) or the provider (admin)."""
    if enrolment.learner_id == user.pk:
        return SignatoryRole.APPRENTICE
    if _is_line_manager(user, enrolment):
        return SignatoryRole.EMPLOYER
    if _is_provider_admin(user, enrolment):
        return SignatoryRole.PROVIDER
    return None


def may_start_scan(user, enrolment: Enrolment) -> bool:
    return may_decide(user, enrolment)


def may_decide(user, enrolment: Enrolment) -> bool:
    """Prior-learning decisions are the provider's: its admins and the learner's assessor. A completed or
    withdrawn apprenticeship is a closed record: nobody decides, plans or reviews on it any more."""
    if is_read_only(enrolment):
        return False
    return enrolment.assessor_id == user.pk or _is_provider_admin(user, enrolment)
