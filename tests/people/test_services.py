import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ksbtracker.audit.models import AuditEvent
from ksbtracker.people.models import Role
from ksbtracker.people.services import add_membership, create_enrolment
from tests.factories import EmployerFactory, ProviderFactory, StandardVersionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _enrol(**overrides):
    provider = overrides.pop("provider", ProviderFactory())
    values = {
        "learner": UserFactory(),
        "standard_version": StandardVersionFactory(),
        "employer": EmployerFactory(),
        "provider": provider,
        "start_date": datetime.date(2025, 7, 31),
        "planned_end_date": datetime.date(2027, 1, 31),
        "weekly_hours": Decimal("37"),
        "agreed_price": Decimal("5000"),
    }
    values.update(overrides)
    return create_enrolment(**values)


def test_enrolment_takes_the_funding_rules_in_force_at_its_start_and_is_audited():
    actor = UserFactory()
    enrolment = _enrol(actor=actor)
    assert enrolment.funding_rule_set.name == "Starts 1 August 2022 to 31 July 2025"
    event = AuditEvent.objects.get(action="enrolment.created", object_id=str(enrolment.pk))
    assert event.actor == actor
    assert event.after["start_date"] == "2025-07-31"


def test_enrolment_from_august_2025_uses_the_new_rules():
    enrolment = _enrol(start_date=datetime.date(2025, 8, 1), planned_end_date=datetime.date(2026, 8, 1))
    assert enrolment.funding_rule_set.name == "Starts 1 August 2025 to 31 July 2026"


def test_end_before_start_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        _enrol(planned_end_date=datetime.date(2025, 7, 1))
    assert error.value.message_dict["planned_end_date"] == [
        "The planned end date must be after the start date"
    ]


def test_assessor_must_belong_to_the_provider():
    provider = ProviderFactory()
    stranger = UserFactory()
    with pytest.raises(ValidationError, match="is not an assessor at"):
        _enrol(provider=provider, assessor=stranger)
    add_membership(user=stranger, organisation=provider, role=Role.ASSESSOR)
    assert _enrol(provider=provider, assessor=stranger).assessor == stranger


def test_a_role_belongs_to_the_right_kind_of_organisation():
    with pytest.raises(ValidationError, match="belongs to a training provider"):
        add_membership(user=UserFactory(), organisation=EmployerFactory(), role=Role.ASSESSOR)
