"""Provider set-up pages and the smaller progress pages in the browser, each with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.evidence.helpers import SAMPLES

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LEARNER = "learner@example.org"


def test_provider_admin_sees_the_funding_rules_and_the_form_to_add_next_years(page, demo_world):
    sign_in(page, "provider@example.org")
    page.goto("/funding/rules/")
    expect(page.get_by_text("Starts 1 August 2025 to 31 July 2026").first).to_be_visible()
    expect(page.get_by_text("Starts 1 August 2022 to 31 July 2025").first).to_be_visible()
    expect(page.get_by_text("Starts from 1 August 2026").first).to_be_visible()
    assert_accessible(page)
    page.goto("/funding/rules/add/")
    page.get_by_role("button", name="Add").first.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page)


def test_assessor_records_an_agreed_review_frequency(page, demo_world):
    sign_in(page, "assessor@example.org")
    enrolment_id = demo_world.enrolment_ids[LEARNER]
    page.goto(f"/apprentices/{enrolment_id}/progress/")
    page.get_by_role("link", name="Record a different frequency agreed with the employer").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record frequency").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter why a different frequency was agreed")
    assert_accessible(page)
    page.get_by_label("Every").fill("8")
    page.get_by_label("Weeks").check()
    page.get_by_label("Why was a different frequency agreed?").fill("Monthly supervision rota")
    page.get_by_label("Who agreed it for the employer?").fill("Sam Patel")
    page.get_by_role("button", name="Record frequency").click()
    expect(page.get_by_text("Agreed review frequency recorded.")).to_be_visible()
    expect(page.get_by_text("at least every 8 weeks (agreed with the employer)", exact=False)).to_be_visible()
    assert_accessible(page)


def test_status_help_page(page, demo_world):
    sign_in(page, LEARNER)
    page.goto(f"/apprentices/{demo_world.enrolment_ids[LEARNER]}/progress/")
    page.get_by_role("link", name="How status is worked out").click()
    expect(page.get_by_role("heading", name="How KSB status is worked out")).to_be_visible()
    expect(page.get_by_text("judged the KSB met in at least one accepted evidence item")).to_be_visible()
    assert_accessible(page)


def test_provider_adds_a_programme_module(page, demo_world):
    sign_in(page, "provider@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Programme modules").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a module for ST0648 Probation officer v1.0").click()
    page.get_by_role("button", name="Add module").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the KSBs the module covers")
    assert_accessible(page)
    page.get_by_label("Title").fill("Risk assessment and management")
    page.locator("label", has_text="K8").click()
    page.locator("label", has_text="S5").click()
    page.get_by_role("button", name="Add module").click()
    expect(page.get_by_text("K8, S5")).to_be_visible()
    assert_accessible(page)


def test_learner_adds_prior_learning_with_a_certificate(page, demo_world, tmp_path):
    from ksbtracker.people.models import Enrolment, User
    from ksbtracker.scans.services import start_scan

    enrolment = Enrolment.objects.get(pk=demo_world.enrolment_ids[LEARNER])
    scan = start_scan(enrolment=enrolment, actor=User.objects.get(email="assessor@example.org"))
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(SAMPLES["report.pdf"])
    sign_in(page, LEARNER)
    page.goto(f"/skills-scans/{scan.pk}/rate/k/")
    page.get_by_role("button", name="Add prior learning for K1", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Experience").fill("Two years as a probation services officer.")
    page.get_by_label("Qualification title (optional)").fill("BA (Hons) Criminology")
    awarded = page.get_by_role("group", name="Date awarded (optional)")
    awarded.get_by_label("Day").fill("30")
    awarded.get_by_label("Month").fill("6")
    awarded.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Save prior learning").click()
    expect(page.get_by_text("Prior learning for K1 saved.")).to_be_visible()
    page.get_by_role("button", name="Change prior learning for K1", exact=True).click()
    page.get_by_label("Upload a file").set_input_files(str(certificate))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_text("certificate.pdf uploaded.")).to_be_visible()
    expect(page.get_by_role("link", name="certificate.pdf")).to_be_visible()
    assert_accessible(page)


def test_provider_enrols_an_apprentice_who_resets_their_password(page, demo_world):
    sign_in(page, "provider@example.org")
    page.goto("/apprentices/")
    page.get_by_role("link", name="Enrol an apprentice").click()
    assert_accessible(page)
    page.get_by_role("button", name="Enrol apprentice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the apprentice's full name")
    assert_accessible(page)
    page.get_by_label("Apprentice's full name").fill("Dana Scott")
    page.get_by_label("Apprentice's email address").fill("dana@example.org")
    page.get_by_label("Apprenticeship standard and version").select_option(
        label="ST0648 Probation officer, version 1.0 (level 6, Retired)"
    )
    # Employers and line managers are searched for, among those the provider works with, never listed.
    expect(page.get_by_text("Probation Service – North West region")).to_have_count(0)
    page.get_by_label("Search for the employer").fill("north west")
    page.get_by_role("button", name="Find employers").click()
    expect(page.get_by_label("Apprentice's full name")).to_have_value("Dana Scott")
    page.get_by_label("Probation Service – North West region").check()
    page.get_by_label("Assessor (practice tutor assessor)").select_option(
        label="Priya Shah (assessor@example.org)"
    )
    page.get_by_label("Search for the line manager (optional)").fill("Sam")
    page.get_by_role("button", name="Find line managers").click()
    expect(page.get_by_text("Rhys Morgan")).to_have_count(0)
    page.get_by_label("Sam Patel (manager@example.org)").check()
    assert_accessible(page)
    for legend, (day, month, year) in (("Start date", (1, 9, 2025)), ("Planned end date", (1, 9, 2028))):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(day))
        group.get_by_label("Month").fill(str(month))
        group.get_by_label("Year").fill(str(year))
    page.get_by_label("Contracted hours a week").fill("37")
    page.get_by_label("Agreed price, in pounds").fill("21000")
    page.get_by_role("button", name="Enrol apprentice").click()
    expect(page.get_by_role("heading", name="Dana Scott")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_text("Problems signing in").click()
    page.get_by_role("link", name="Reset your password").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("dana@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)
