"""As a new provider admin would: enrol a 2026 start on ST0648, record its published minimum, scan with prior
learning, build the plan, see the funding outcome with its working and the figures to return, and export them."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ksbtracker.people.employer_links import link_employer
from ksbtracker.people.models import Enrolment, Role
from ksbtracker.plans.models import TrainingPlan
from tests.factories import (
    EmployerFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
    standard_with_ksbs,
)
from tests.plans.test_services import locked_baseline

pytestmark = pytest.mark.django_db


def test_a_2026_start_from_enrolment_to_the_export(client):
    provider, employer = ProviderFactory(), EmployerFactory()
    admin, assessor, manager = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=admin, organisation=provider, role=Role.PROVIDER_ADMIN)
    MembershipFactory(user=assessor, organisation=provider, role=Role.ASSESSOR)
    MembershipFactory(user=manager, organisation=employer, role=Role.LINE_MANAGER)
    link_employer(provider=provider, employer=employer)
    standard = standard_with_ksbs(knowledge=2, skills=2, behaviours=1)
    standard.reference_number, standard.version, standard.max_funding = "ST0648", "1.0", 21000
    standard.save()
    client.force_login(admin)

    client.post(reverse("enrolment-add"), {
        "full_name": "Dana Scott", "email": "dana@example.org", "standard_version": standard.pk,
        "employer": employer.pk, "assessor": assessor.pk, "line_manager": manager.pk,
        "start_date_0": "1", "start_date_1": "9", "start_date_2": "2026",
        "planned_end_date_0": "1", "planned_end_date_1": "9", "planned_end_date_2": "2028",
        "weekly_hours": "37", "agreed_price": "21000",
    })  # fmt: skip
    enrolment = Enrolment.objects.get(learner__email="dana@example.org")
    assert enrolment.funding_rule_set.name == "Starts from 1 August 2026"

    client.post(reverse("otj-minimum-add"), {
        "reference_number": "ST0648", "version": "1.0", "minimum_hours": "400", "effective_from_0": "1",
        "effective_from_1": "8", "effective_from_2": "2026", "source": "DfE annex of minimum OTJ hours",
    })  # fmt: skip

    world = {"enrolment": enrolment, "learner": enrolment.learner, "assessor": assessor, "line_manager": manager,
             "provider_admin": admin}  # fmt: skip
    scan = locked_baseline(world, {"K1": ("full", None), "S1": ("part", Decimal("50"))})  # 300 of 1,000 hours
    client.post(reverse("plan-create", args=[scan.pk]), {"required_hours": "1000"})
    plan = TrainingPlan.objects.get(enrolment=enrolment)
    page = client.get(plan.get_absolute_url()).content.decode()
    for text in (
        "Starts from 1 August 2026",
        "The published minimum for ST0648 version 1.0 for starts from 1 August 2026: 400 hours",
        "300 ÷ 1,000 planned hours × 100 = 30%",
        "£21,000.00 band maximum × 30% × 50% = £3,150.00",
        "£17,850.00",
        "Rule: Apprenticeship funding rules 2026 to 2027 v1, as rule 35.2 of 2025 to 2026",
    ):
        assert text in page, text

    client.post(reverse("enrolment-funding", args=[enrolment.pk]), {"uln": "9276308686", "epa_price": "1500"})
    TrainingPlan.objects.filter(pk=plan.pk).update(status="signed")
    page = client.get(reverse("enrolment-funding", args=[enrolment.pk])).content.decode()
    for text in ("HRS 1 planned OTJ hours", "700", "HRS 4", "300", "£16,350.00", "£1,500.00", "£3,150.00"):
        assert text in page, text

    response = client.get(reverse("funding-returns-export", args=["xlsx"]), {"year": "2026"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert row["ULN"] == "9276308686"
    assert (row["HRS 1 planned OTJ hours"], row["HRS 4 OTJ hours removed for prior learning"]) == (700, 300)
    assert (row["TNP1 training price"], row["TNP2 end-point assessment price"]) == (16350, 1500)
    assert row["Total price reduction (£)"] == 3150
    assert row["Duration reduced"] == "Y"
