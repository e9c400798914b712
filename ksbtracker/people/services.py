"""Writes for people, organisations and enrolments. Each change of state is audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ksbtracker.audit.api import record_change, snapshot
from ksbtracker.funding.api import rule_set_for_start

from .access import organisation_ids_for_role
from .employer_links import linked_employers
from .models import Enrolment, Membership, Organisation, Role, User
from .notifications import notify

__all__ = ["create_user", "add_membership", "create_enrolment", "enrol_apprentice"]


@transaction.atomic
def create_user(*, email: str, full_name: str, password: str | None, actor=None, is_superuser=False) -> User:
    manager = User.objects
    create = manager.create_superuser if is_superuser else manager.create_user
    user = create(email=email, full_name=full_name, password=password)
    record_change(
        actor=actor, action="user.created", instance=user, after={"email": user.email, "full_name": full_name}
    )
    return user


@transaction.atomic
def add_membership(*, user: User, organisation: Organisation, role: str, actor=None) -> Membership:
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    record_change(actor=actor, action="membership.added", instance=membership, after=snapshot(membership))
    return membership


@transaction.atomic
def create_enrolment(
    *,
    learner: User,
    standard_version,
    employer: Organisation,
    provider: Organisation,
    start_date: datetime.date,
    planned_end_date: datetime.date,
    weekly_hours: Decimal,
    agreed_price: Decimal,
    assessor: User | None = None,
    line_manager: User | None = None,
    epao: Organisation | None = None,
    actor=None,
) -> Enrolment:
    """Enrol a learner on one standard version; the funding rules are those in force at the start date."""
    if planned_end_date <= start_date:
        raise ValidationError({"planned_end_date": "The planned end date must be after the start date"})
    if (
        assessor is not None
        and not Membership.objects.filter(user=assessor, organisation=provider, role=Role.ASSESSOR).exists()
    ):
        raise ValidationError({"assessor": f"{assessor} is not an assessor at {provider}"})
    enrolment = Enrolment(
        learner=learner,
        standard_version=standard_version,
        employer=employer,
        provider=provider,
        epao=epao,
        assessor=assessor,
        line_manager=line_manager,
        start_date=start_date,
        planned_end_date=planned_end_date,
        weekly_hours=weekly_hours,
        agreed_price=agreed_price,
        funding_rule_set=rule_set_for_start(start_date),
    )
    enrolment.full_clean()
    enrolment.save()
    record_change(actor=actor, action="enrolment.created", instance=enrolment, after=snapshot(enrolment))
    return enrolment


@transaction.atomic
def enrol_apprentice(*, provider: Organisation, actor, full_name: str, email: str, **enrolment) -> Enrolment:
    """Enrol a learner (creating their account if new) at ``provider``, and email them how to sign in."""
    if not (actor.is_superuser or provider.pk in organisation_ids_for_role(actor, Role.PROVIDER_ADMIN)):
        raise PermissionDenied("Only the provider's admins enrol apprentices.")
    employer = enrolment.get("employer")
    if employer is not None and not linked_employers(provider).filter(pk=employer.pk).exists():
        raise ValidationError({"employer": f"{provider.name} does not work with that employer"})
    learner = User.objects.filter(email__iexact=email.strip()).first()
    new_account = learner is None
    if new_account:
        learner = create_user(email=email.strip(), full_name=full_name.strip(), password=None, actor=actor)
    elif learner.enrolments.filter(standard_version=enrolment["standard_version"]).exists():
        raise ValidationError({"email": f"{learner.full_name} is already enrolled on this standard version"})
    created = create_enrolment(learner=learner, provider=provider, actor=actor, **enrolment)
    if new_account:
        path = reverse("password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(learner.pk)),
                                                       default_token_generator.make_token(learner)])  # fmt: skip
        message = (f"{provider.name} has enrolled you on {created.standard_version.title}. "
                   "Choose a password to sign in to KSB Tracker:")  # fmt: skip
    else:
        path = created.get_absolute_url()
        message = f"{provider.name} has enrolled you on {created.standard_version.title}."
    notify(recipients=[learner], subject="You have been enrolled", message=message, path=path, exclude=actor)
    return created
