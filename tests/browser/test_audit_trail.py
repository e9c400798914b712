"""The audit trail page in the browser, with axe-core: a provider admin filters it, a learner sees their own."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_provider_admin_filters_the_trail_and_a_learner_sees_their_apprenticeships(page, demo_world):
    sign_in(page, "provider@example.org")
    page.get_by_role("link", name="Audit trail").first.click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.locator("table.govuk-table tbody tr").first).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_text("Filter by person or date").click()
    page.get_by_label("Day").first.fill("31")
    page.get_by_label("Month").first.fill("2")
    page.get_by_label("Year").first.fill("2026")
    page.get_by_role("button", name="Filter").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("From must be a real date")
    assert_accessible(page)
    page.get_by_label("Day").first.fill("")
    page.get_by_label("Month").first.fill("")
    page.get_by_label("Year").first.fill("")
    page.get_by_label("Who acted (optional)").fill("nobody-by-this-name")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No events match")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "learner@example.org")
    page.goto(f"/apprentices/{demo_world.enrolment_ids['learner@example.org']}/")
    page.get_by_role("link", name="Audit trail of this apprenticeship").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.get_by_text("Showing this apprenticeship only.")).to_be_visible()
    assert_accessible(page)
