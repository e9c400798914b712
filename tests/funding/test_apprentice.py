"""ULN, age at the start, English and maths, and the employer's statement at gateway."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ksbtracker.audit.models import AuditEvent
from ksbtracker.funding.apprentice import age_at_start, english_and_maths, record_funding_details
from ksbtracker.funding.models import EmployerOTJStatement
from ksbtracker.funding.uln import is_valid_uln, validate_uln
from ksbtracker.plans.models import TrainingPlan
from ksbtracker.plans.services import create_plan_from_baseline
from ksbtracker.progress.gateway import gateway_readiness
from ksbtracker.progress.models import OTJLogEntry, QualificationAchieved
from tests.plans.test_services import locked_baseline

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("uln", "valid"), [
    ("9276308686", True), ("9276308687", False), ("927630868", False), ("92763086861", False),
    ("92763O8686", False), ("0000000000", False),
])  # fmt: skip
def test_the_uln_check_digit(uln, valid):
    assert is_valid_uln(uln) is valid


def test_a_bad_uln_says_what_is_wrong():
    with pytest.raises(ValidationError, match="must be 10 digits"):
        validate_uln("12345")
    with pytest.raises(ValidationError, match="check digit does not match"):
        validate_uln("9276308687")


@pytest.mark.parametrize(("born", "age"), [
    (datetime.date(2007, 9, 1), 18), (datetime.date(2007, 9, 2), 17), (datetime.date(2006, 8, 31), 19),
])  # fmt: skip
def test_age_at_the_start(born, age):
    assert age_at_start(born, datetime.date(2025, 9, 1)) == age


@pytest.mark.parametrize(("born", "opt_in", "required", "summary"), [
    (datetime.date(2008, 1, 1), None, True, "Required: aged 17 at the start (16 to 18)."),
    (datetime.date(1990, 1, 1), None, None, "Aged 35 at the start: record whether the employer opted in"),
    (datetime.date(1990, 1, 1), True, True, "Required: aged 35 at the start and the employer opted in"),
    (datetime.date(1990, 1, 1), False, False, "Not required: aged 35 at the start and the employer did not opt in."),
    (None, None, None, "Not known: record the apprentice's date of birth."),
])  # fmt: skip
def test_english_and_maths_from_august_2025(scan_world, born, opt_in, required, summary):
    enrolment = scan_world["enrolment"]  # starts 1 September 2025
    record_funding_details(actor=scan_world["provider_admin"], enrolment=enrolment,
                           values={"date_of_birth": born, "english_maths_opt_in": opt_in})  # fmt: skip
    result = english_and_maths(enrolment)
    assert result.required is required
    assert result.summary.startswith(summary)


def test_funding_details_are_audited_without_the_personal_data(scan_world):
    enrolment = scan_world["enrolment"]
    record_funding_details(actor=scan_world["provider_admin"], enrolment=enrolment,
                           values={"uln": "9276 308 686", "date_of_birth": datetime.date(1990, 5, 17)})  # fmt: skip
    assert enrolment.funding_details.uln == "9276308686"
    event = AuditEvent.objects.get(action="enrolment.funding_details_recorded")
    assert "9276308686" not in str(event.after) and "1990" not in str(event.after)
    assert len(event.after["uln"]) == 64


def test_the_funding_page_records_details_and_explains_bad_ones(client, scan_world):
    enrolment = scan_world["enrolment"]
    url = reverse("enrolment-funding", args=[enrolment.pk])
    client.force_login(scan_world["provider_admin"])
    bad = {"uln": "9276308687", "date_of_birth_0": "17", "date_of_birth_1": "5", "date_of_birth_2": "1990",
           "english_maths_opt_in": "yes", "epa_price": "1,500"}  # fmt: skip
    page = client.post(url, bad).content.decode()
    assert "govuk-error-summary" in page and "check digit does not match" in page
    assert 'value="9276308687"' in page  # nothing typed is lost
    response = client.post(url, {**bad, "uln": "9276308686"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "9276308686" in page
    assert "Required: aged 35 at the start and the employer opted in" in page
    assert "£1,500.00" in page


def test_who_may_see_and_change_the_funding_page(client, scan_world):
    url = reverse("enrolment-funding", args=[scan_world["enrolment"].pk])
    for who in ("learner", "assessor", "line_manager", "outsider"):
        client.force_login(scan_world[who])
        assert client.get(url).status_code == 404, who
    client.force_login(scan_world["quality_reviewer"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"uln": "9276308686"}).status_code == 403


def signed_plan(world, *, required_hours=Decimal("300")):
    scan = locked_baseline(world, {})
    plan = create_plan_from_baseline(scan=scan, actor=world["provider_admin"], required_hours=required_hours)
    TrainingPlan.objects.filter(pk=plan.pk).update(status="signed")
    return plan


def log_hours(world, hours):
    OTJLogEntry.objects.create(enrolment=world["enrolment"], date=datetime.date(2026, 1, 5), activity="Training",
                               hours=Decimal(hours), recorded_by=world["assessor"])  # fmt: skip


def checks_by_title(enrolment):
    return {check.title: check for check in gateway_readiness(enrolment, today=datetime.date(2027, 3, 1))}


def test_the_plan_page_shows_age_and_english_and_maths(client, scan_world):
    enrolment = scan_world["enrolment"]
    record_funding_details(actor=scan_world["provider_admin"], enrolment=enrolment,
                           values={"date_of_birth": datetime.date(2008, 1, 1)})  # fmt: skip
    plan = signed_plan(scan_world)
    client.force_login(scan_world["provider_admin"])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Age at the start" in page and "Required: aged 17 at the start (16 to 18)." in page


def test_gateway_asks_for_english_and_maths_where_required(scan_world):
    enrolment = scan_world["enrolment"]
    assert "English and maths" not in checks_by_title(enrolment)  # age not known: no check yet
    record_funding_details(actor=scan_world["provider_admin"], enrolment=enrolment,
                           values={"date_of_birth": datetime.date(2008, 1, 1)})  # fmt: skip
    enrolment.refresh_from_db()
    check = checks_by_title(enrolment)["English and maths"]
    assert not check.met and "Not recorded yet: English and maths" in check.detail
    for title in ("Functional Skills English level 2", "Functional Skills Maths level 2"):
        QualificationAchieved.objects.create(enrolment=enrolment, title=title, achieved_on=datetime.date(2026, 1, 1),
                                             recorded_by=scan_world["provider_admin"])  # fmt: skip
    assert checks_by_title(enrolment)["English and maths"].met


def test_no_english_and_maths_check_when_the_employer_did_not_opt_in(scan_world):
    enrolment = scan_world["enrolment"]
    record_funding_details(actor=scan_world["provider_admin"], enrolment=enrolment,
                           values={"date_of_birth": datetime.date(1990, 1, 1), "english_maths_opt_in": False})  # fmt: skip
    assert "English and maths" not in checks_by_title(enrolment)


def test_fewer_hours_than_planned_but_the_minimum_needs_the_employers_statement(client, scan_world):
    enrolment = scan_world["enrolment"]
    signed_plan(scan_world)  # 300 planned; the 2025-26 floor of 187 is the minimum
    log_hours(scan_world, "200")
    checks = checks_by_title(enrolment)
    assert checks["Off-the-job hours done"].met
    assert (
        "fewer than planned, but at least the minimum of 187 hours" in checks["Off-the-job hours done"].detail
    )
    statement = checks["Employer's statement on fewer OTJ hours than planned"]
    assert not statement.met
    url = reverse("employer-otj-statement", args=[enrolment.pk])
    assert statement.link == url

    client.force_login(scan_world["assessor"])
    assert client.post(url, {"statement": "I sign"}).status_code == 403
    client.force_login(scan_world["line_manager"])
    page = client.post(url, {"statement": "  "}).content.decode()
    assert "Enter why fewer off-the-job hours were done than planned" in page
    response = client.post(url, {"statement": "Court closures cut two months of observed practice."})
    assert response.status_code == 302
    signed = EmployerOTJStatement.objects.get()
    assert (signed.signed_by, signed.hours_done, signed.hours_planned, signed.hours_minimum) == (
        scan_world["line_manager"],
        Decimal("200"),
        Decimal("300"),
        Decimal("187"),
    )
    assert len(signed.content_hash) == 64
    assert AuditEvent.objects.filter(action="gateway.employer_otj_statement_signed").exists()
    enrolment.refresh_from_db()
    assert checks_by_title(enrolment)["Employer's statement on fewer OTJ hours than planned"].met


def test_below_the_minimum_no_statement_can_stand_in(client, scan_world):
    enrolment = scan_world["enrolment"]
    signed_plan(scan_world)
    log_hours(scan_world, "150")
    checks = checks_by_title(enrolment)
    assert not checks["Off-the-job hours done"].met
    assert "Employer's statement on fewer OTJ hours than planned" not in checks
    client.force_login(scan_world["line_manager"])
    url = reverse("employer-otj-statement", args=[enrolment.pk])
    assert "No statement is needed now." in client.get(url).content.decode()
    assert client.post(url, {"statement": "Reasons"}).status_code == 403
