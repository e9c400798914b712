"""Factories for the tests: real rows in the real database."""

import datetime
from decimal import Decimal

import factory

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.people.models import Enrolment, Membership, Organisation, OrganisationKind, Role, User
from ksbtracker.standards.models import KSB, Duty, KSBKind, StandardVersion

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.EMPLOYER


class EmployerFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Probation region {n}")
    kind = OrganisationKind.EMPLOYER


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"University {n}")
    kind = OrganisationKind.PROVIDER


class EPAOFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Assessment organisation {n}")
    kind = OrganisationKind.EPAO


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(ProviderFactory)
    role = Role.ASSESSOR


class StandardVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardVersion

    reference_number = factory.Sequence(lambda n: f"ST9{n:03d}")
    version = "1.0"
    title = factory.Sequence(lambda n: f"Test occupation {n}")
    level = 3
    lars_code = factory.Sequence(lambda n: 9000 + n)
    status = "Approved for delivery"
    typical_duration_months = 18
    max_funding = 5000


class KSBFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KSB

    standard_version = factory.SubFactory(StandardVersionFactory)
    kind = KSBKind.KNOWLEDGE
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Knowledge statement {n}")
    guid = factory.Faker("uuid4")


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    standard_version = factory.SubFactory(StandardVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Duty {n}")
    guid = factory.Faker("uuid4")


def standard_with_ksbs(*, knowledge=3, skills=3, behaviours=2, **kwargs) -> StandardVersion:
    """A standard version with the given number of K, S and B statements and one duty mapping them all."""
    standard = StandardVersionFactory(**kwargs)
    ksbs = []
    for kind, count in (
        (KSBKind.KNOWLEDGE, knowledge),
        (KSBKind.SKILL, skills),
        (KSBKind.BEHAVIOUR, behaviours),
    ):
        for number in range(1, count + 1):
            ksbs.append(
                KSBFactory(standard_version=standard, kind=kind, number=number, text=f"{kind}{number} text")
            )
    duty = DutyFactory(standard_version=standard, number=1)
    duty.ksbs.set(ksbs)
    return standard


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    learner = factory.SubFactory(UserFactory)
    standard_version = factory.SubFactory(StandardVersionFactory)
    employer = factory.SubFactory(EmployerFactory)
    provider = factory.SubFactory(ProviderFactory)
    assessor = factory.SubFactory(UserFactory)
    line_manager = factory.SubFactory(UserFactory)
    start_date = datetime.date(2025, 9, 1)
    planned_end_date = datetime.date(2027, 3, 1)
    weekly_hours = Decimal("37")
    agreed_price = Decimal("12000")
    funding_rule_set = factory.LazyAttribute(lambda o: rule_set_for_start(o.start_date))


class PublishedOTJMinimumFactory(factory.django.DjangoModelFactory):
    """A standard version's published minimum OTJ hours, by default for every start from 1 August 2025."""

    class Meta:
        model = "funding.PublishedOTJMinimum"

    reference_number = "ST0648"
    version = "1.0"
    minimum_hours = 400
    effective_from = datetime.date(2025, 8, 1)
    effective_to = None
    source = "DfE published minimum OTJ hours (test figure)"

    @classmethod
    def for_standard(cls, standard_version, hours: int, **kwargs):
        return cls(
            reference_number=standard_version.reference_number,
            version=standard_version.version,
            minimum_hours=hours,
            **kwargs,
        )


def plan_with_activities(plan, actor, activities: str = "Supervised practice with reflection"):
    """``plan`` with the same activities for every KSB, as a plan needs before it goes for signatures."""
    from ksbtracker.plans.services import update_plan_items

    ksb_ids = plan.items.values_list("ksb_id", flat=True)
    return update_plan_items(
        plan=plan, actor=actor, hours={}, activities=dict.fromkeys(ksb_ids, activities), modules={}
    )
