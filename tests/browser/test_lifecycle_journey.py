"""Changes during an apprenticeship in the browser: a provider admin records them, everyone sees the timeline."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser

LEARNER = "learner2@example.org"


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_provider_admin_records_a_break_a_return_and_a_new_employer(page, demo_world):
    from ksbtracker.people.models import Enrolment

    today = timezone.localdate()
    enrolment = Enrolment.objects.get(pk=demo_world.enrolment_ids[LEARNER])
    planned_end = enrolment.planned_end_date
    sign_in(page, "provider@example.org")
    page.goto(f"/apprentices/{enrolment.pk}/")
    page.get_by_role("link", name="Record a break in learning").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record break in learning").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the date the break starts")
    expect(summary).to_contain_text("Enter the reason for the change")
    assert_accessible(page)
    fill_date(page, "Date the break starts", today - datetime.timedelta(days=28))
    fill_date(page, "Expected return date", today + datetime.timedelta(days=28))
    page.get_by_label("Reason").fill("Long-term sick leave")
    page.get_by_role("button", name="Record break in learning").click()
    expect(page.get_by_text("Break in learning recorded.")).to_be_visible()
    expect(page.get_by_text("On a break in learning").first).to_be_visible()
    expect(page.get_by_role("cell", name="Long-term sick leave")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a return from a break in learning").click()
    fill_date(page, "Date they returned", today)
    page.get_by_label("Reason").fill("Fit to work again")
    page.get_by_role("button", name="Record return").click()
    moved = planned_end + datetime.timedelta(days=28)
    expect(page.get_by_text(f"planned end moved to {moved:%-d %B %Y}")).to_be_visible()

    page.get_by_role("link", name="Change employer").click()
    page.get_by_label("New employer", exact=True).select_option(label="Probation Service – Wales region")
    page.get_by_label("Line manager at the new employer").select_option(
        label="Rhys Morgan (manager2@example.org)"
    )
    fill_date(page, "Date they start with the new employer", today)
    page.get_by_label("Reason").fill("Moved to Cardiff")
    page.get_by_role("button", name="Record new employer").click()
    expect(page.get_by_text("New employer recorded.")).to_be_visible()
    expect(page.get_by_text("to Probation Service – Wales region, line manager Rhys Morgan")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Everyone else sees the timeline and no way to change it.
    for email in (LEARNER, "assessor2@example.org", "manager2@example.org", "iqa@example.org"):
        sign_in(page, email)
        page.goto(f"/apprentices/{enrolment.pk}/")
        expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
        expect(page.get_by_role("cell", name="Moved to Cardiff")).to_be_visible()
        expect(page.get_by_role("link", name="Record a break in learning")).to_have_count(0)
        assert_accessible(page)
        response = page.goto(f"/apprentices/{enrolment.pk}/change/break/")
        assert response.status == 403
        sign_out(page)


def test_withdrawal_leaves_a_read_only_record(page, demo_world):
    enrolment_id = demo_world.enrolment_ids[LEARNER]
    sign_in(page, "provider@example.org")
    page.goto(f"/apprentices/{enrolment_id}/change/withdraw/")
    expect(page.get_by_text("The apprenticeship's record becomes read-only")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date of withdrawal", timezone.localdate())
    page.get_by_label("Reason").fill("Left the service")
    page.get_by_role("button", name="Record withdrawal").click()
    expect(page.get_by_text("This apprenticeship is withdrawn. Its record is read-only.")).to_be_visible()
    expect(page.get_by_role("link", name="Change contracted hours")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)
    sign_in(page, LEARNER)
    page.goto(f"/apprentices/{enrolment_id}/progress/")
    expect(page.get_by_role("link", name="Log off-the-job hours")).to_have_count(0)
    assert_accessible(page)
