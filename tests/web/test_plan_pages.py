"""Training plan pages, from a locked baseline to a signed plan, as the provider and the signatories use them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ksbtracker.plans.models import PlanStatus, TrainingPlan
from tests.plans.test_services import locked_baseline

pytestmark = pytest.mark.django_db


def test_provider_builds_edits_and_sends_the_plan_and_three_parties_sign(client, scan_world):
    enrolment = scan_world["enrolment"]
    enrolment.agreed_price = Decimal("10000")
    enrolment.save()
    enrolment.standard_version.max_funding = 10000  # the DfE example's band
    enrolment.standard_version.save()
    scan = locked_baseline(scan_world, {"K1": ("full", None), "S1": ("part", Decimal("50"))})
    client.force_login(scan_world["provider_admin"])
    assert "Build the training plan" in client.get(scan.get_absolute_url()).content.decode()
    response = client.post(reverse("plan-create", args=[scan.pk]), {"required_hours": "1000"})
    plan = TrainingPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()

    page = client.get(plan.get_absolute_url()).content.decode()
    assert "300 hours, 30%" in page
    assert "£10,000.00 band maximum × 30% × 50% = £1,500.00" in page
    assert "£8,500.00" in page

    items = {i.ksb.code: i for i in plan.items.select_related("ksb")}
    data = {f"hours-{i.ksb_id}": "200" for i in items.values()}
    data[f"hours-{items['K2'].ksb_id}"] = "250"
    response = client.post(plan.get_absolute_url(), data)
    assert "they must add up to 1000" in response.content.decode()
    data[f"hours-{items['K2'].ksb_id}"] = "200"
    data[f"activities-{items['K2'].ksb_id}"] = "Shadow a MAPPA meeting"
    data["action"] = "send"
    # A plan goes for signatures only when every KSB still to train has its activities.
    body = client.post(plan.get_absolute_url(), data).content.decode()
    assert "Enter the activities for S1, or choose a module" in body
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    for code in ("S1", "S2", "B1"):
        data[f"activities-{items[code].ksb_id}"] = "Case supervision"
    client.post(plan.get_absolute_url(), data)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNING
    assert plan.items.get(ksb=items["K2"].ksb).activities == "Shadow a MAPPA meeting"

    for who in ("learner", "line_manager", "provider_admin"):
        client.force_login(scan_world[who])
        client.post(reverse("plan-sign", args=[plan.pk]), {"confirm": "yes"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    assert client.get(plan.get_absolute_url()).content.decode().count("Verified") == 3


def test_outsiders_cannot_see_the_plan_and_signatories_cannot_edit_it(client, scan_world):
    scan = locked_baseline(scan_world, {})
    client.force_login(scan_world["provider_admin"])
    client.post(reverse("plan-create", args=[scan.pk]), {"required_hours": "100"})
    plan = TrainingPlan.objects.get()
    client.force_login(scan_world["outsider"])
    assert client.get(plan.get_absolute_url()).status_code == 404
    client.force_login(scan_world["learner"])
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.post(plan.get_absolute_url(), {}).status_code == 403


def _pdf_text(response) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


def test_scan_and_plan_download_as_pdf_with_ratings_decisions_and_signatures(client, scan_world):
    scan = locked_baseline(scan_world, {"K1": ("full", None)})
    client.force_login(scan_world["provider_admin"])
    text = _pdf_text(client.get(reverse("scan-pdf", args=[scan.pk])))
    assert scan_world["learner"].full_name in text
    assert "Recognised in full" in text
    assert "Checked" in text  # the rationale
    assert text.count("Verified") >= 3  # three signatures checked against the key and the record
    client.post(reverse("plan-create", args=[scan.pk]), {"required_hours": "100"})
    plan = TrainingPlan.objects.get()
    text = _pdf_text(client.get(reverse("plan-pdf", args=[plan.pk])))
    assert "Training plan" in text
    assert "20 hours (20%)" in text
    client.force_login(scan_world["outsider"])
    assert client.get(reverse("plan-pdf", args=[plan.pk])).status_code == 404
    assert client.get(reverse("scan-pdf", args=[scan.pk])).status_code == 404


def test_provider_keeps_programme_modules_that_new_plans_take_per_ksb(client, scan_world):
    enrolment = scan_world["enrolment"]
    standard = enrolment.standard_version
    k1, k2 = (standard.ksbs.get(kind="K", number=n) for n in (1, 2))
    client.force_login(scan_world["provider_admin"])
    url = reverse("programme-module-add", args=[standard.pk])
    body = client.post(url, {"title": ""}).content.decode()
    assert "Enter the module&#x27;s title" in body or "Enter the module's title" in body
    assert "Select the KSBs the module covers" in body
    assert client.post(url, {"title": "Risk and the law", "ksbs": [k1.pk, k2.pk]}).status_code == 302
    assert "Risk and the law" in client.get(reverse("programme-modules")).content.decode()
    scan = locked_baseline(scan_world, {})
    client.post(reverse("plan-create", args=[scan.pk]), {"required_hours": "100"})
    plan = TrainingPlan.objects.get()
    assert plan.items.get(ksb=k1).module.title == "Risk and the law"
    assert plan.items.get(ksb__kind="S", ksb__number=1).module is None
    client.force_login(scan_world["assessor"])
    assert client.get(reverse("programme-modules")).status_code == 403
