"""Permissions, declared once with django-rules and used by the views and the API."""

import rules

from .access import organisation_ids_for_role
from .models import Role


@rules.predicate
def is_system_admin(user):
    return user.is_authenticated and user.is_superuser


@rules.predicate
def is_provider_admin(user):
    return bool(organisation_ids_for_role(user, Role.PROVIDER_ADMIN))


@rules.predicate
def is_quality_reviewer(user):
    return bool(organisation_ids_for_role(user, Role.QUALITY_REVIEWER))


@rules.predicate
def is_assessor(user):
    return bool(organisation_ids_for_role(user, Role.ASSESSOR))


@rules.predicate
def is_provider_admin_of_enrolment(user, enrolment):
    return enrolment is not None and enrolment.provider_id in organisation_ids_for_role(
        user, Role.PROVIDER_ADMIN
    )


rules.add_perm("standards.import_standard", is_system_admin | is_provider_admin)
rules.add_perm("people.add_enrolment", is_system_admin | is_provider_admin)
rules.add_perm("people.change_enrolment", is_system_admin | is_provider_admin_of_enrolment)
rules.add_perm("audit.view_trail", is_system_admin | is_provider_admin | is_quality_reviewer)
rules.add_perm("funding.use_plan_check", is_system_admin | is_provider_admin | is_assessor)
rules.add_perm("funding.add_fundingruleset", is_system_admin | is_provider_admin)
rules.add_perm("funding.change_publishedotjminimum", is_system_admin | is_provider_admin)
rules.add_perm("funding.view_returns", is_system_admin | is_provider_admin | is_quality_reviewer)
rules.add_perm("pathways.change_crosswalklink", is_system_admin | is_provider_admin)
