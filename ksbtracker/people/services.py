"""Writes for people, organisations and enrolments. Each change of state is audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ksbtracker.audit.api import record_change, snapshot
from ksbtracker.funding.api import rule_set_for_start

from .models import Enrolment, Membership, Organisation, Role, User

__all__ = ["create_user", "add_membership", "create_enrolment"]


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
