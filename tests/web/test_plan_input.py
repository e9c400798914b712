"""What the training plan pages do with what people type: a second writer is told, nothing typed is lost."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ksbtracker.plans.models import PlanItem, TrainingPlan
from ksbtracker.plans.services import create_plan_from_baseline
from tests.plans.test_services import locked_baseline

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_plan(client, scan_world):
    scan = locked_baseline(scan_world, {})
    client.force_login(scan_world["provider_admin"])
    return create_plan_from_baseline(
        scan=scan, actor=scan_world["provider_admin"], required_hours=Decimal(100)
    )


def form_data(plan, **changes):
    data = {"revision": str(plan.revision), "action": "save"}
    for item in plan.items.all():
        data[f"hours-{item.ksb_id}"] = f"{item.planned_hours.normalize():f}"
        data[f"activities-{item.ksb_id}"] = item.activities
    return data | changes


def test_a_second_writer_is_told_and_what_they_typed_is_kept(client, draft_plan):
    opened = form_data(draft_plan)
    first = draft_plan.items.order_by("ksb__kind", "ksb__number").first()
    client.post(
        draft_plan.get_absolute_url(), opened | {f"activities-{first.ksb_id}": "Shadow a MAPPA meeting"}
    )
    response = client.post(
        draft_plan.get_absolute_url(), opened | {f"activities-{first.ksb_id}": "Court report writing"}
    )
    body = response.content.decode()
    assert "Someone else saved changes to this training plan after you opened it" in body
    assert "Court report writing" in body
    assert PlanItem.objects.get(pk=first.pk).activities == "Shadow a MAPPA meeting"
    # The page now carries the current revision, so saving again knowingly replaces the other change.
    draft_plan.refresh_from_db()
    assert f'name="revision" value="{draft_plan.revision}"' in body
    client.post(
        draft_plan.get_absolute_url(),
        opened | {"revision": str(draft_plan.revision), f"activities-{first.ksb_id}": "Court report writing"},
    )
    assert PlanItem.objects.get(pk=first.pk).activities == "Court report writing"


@pytest.mark.parametrize("hours", ["NaN", "²", "9" * 5000, "-3", "1e400", "20\x00"])
def test_hours_that_are_not_a_number_of_hours_are_refused(client, draft_plan, hours):
    first = draft_plan.items.order_by("ksb__kind", "ksb__number").first()
    response = client.post(
        draft_plan.get_absolute_url(), form_data(draft_plan, **{f"hours-{first.ksb_id}": hours})
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert PlanItem.objects.get(pk=first.pk).planned_hours == first.planned_hours


def test_another_providers_module_is_refused(client, draft_plan):
    from ksbtracker.plans.models import ProgrammeModule
    from tests.factories import ProviderFactory

    version = draft_plan.enrolment.standard_version
    ProgrammeModule.objects.create(
        provider=draft_plan.enrolment.provider, standard_version=version, title="Ours"
    )
    other = ProgrammeModule.objects.create(
        provider=ProviderFactory(), standard_version=version, title="Not yours"
    )
    first = draft_plan.items.order_by("ksb__kind", "ksb__number").first()
    response = client.post(
        draft_plan.get_absolute_url(), form_data(draft_plan, **{f"module-{first.ksb_id}": str(other.pk)})
    )
    assert response.status_code == 200
    assert f"Choose one of the modules for {first.ksb.code}" in response.content.decode()
    assert PlanItem.objects.get(pk=first.pk).module_id is None


def test_activities_over_the_limit_are_refused_not_cut(client, draft_plan):
    first = draft_plan.items.order_by("ksb__kind", "ksb__number").first()
    long = "y" * 2001
    body = client.post(
        draft_plan.get_absolute_url(), form_data(draft_plan, **{f"activities-{first.ksb_id}": long})
    ).content.decode()
    assert f"Activities for {first.ksb.code} must be 2,000 characters or fewer" in body
    assert long in body
    assert PlanItem.objects.get(pk=first.pk).activities == ""


def test_building_a_plan_with_hours_that_are_not_a_number_shows_the_error_on_its_own_page(client, scan_world):
    scan = locked_baseline(scan_world, {})
    client.force_login(scan_world["provider_admin"])
    response = client.post(reverse("plan-create", args=[scan.pk]), {"required_hours": "NaN"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Planned OTJ hours must be a number" in body
    assert 'class="govuk-error-summary"' in body and "govuk-notification-banner" not in body
    assert not TrainingPlan.objects.exists()
