"""Nothing typed is lost: leaving a page by its links saves first, and a refused page shows everything again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in
from .test_scan_journey import ASSESSOR, BEHAVIOURS, LEARNER, ksb_group, learner_enrolment, person, rate

pytestmark = pytest.mark.browser


def test_ratings_chosen_before_adding_prior_learning_are_still_there_afterwards(page, demo_world):
    from ksbtracker.scans.services import start_scan

    scan = start_scan(enrolment=learner_enrolment(), actor=person(ASSESSOR))
    sign_in(page, LEARNER)
    page.goto(f"/skills-scans/{scan.pk}/rate/b/")
    rate(page, BEHAVIOURS, {"B1": 3, "B7": 4})
    page.get_by_role("button", name="Add prior learning for B1", exact=True).click()
    page.get_by_label("Experience").fill("Two years as a probation services officer.")
    page.get_by_role("button", name="Save prior learning").click()
    expect(page.get_by_text("Prior learning for B1 saved.")).to_be_visible()
    for code in BEHAVIOURS:
        chosen = {"B1": "3 Competent", "B7": "4 Proficient"}.get(code, "2 Developing")
        expect(ksb_group(page, code).get_by_label(chosen, exact=True)).to_be_checked()


def test_a_comment_without_a_rating_is_refused_with_everything_kept(page, demo_world):
    from ksbtracker.scans.services import start_scan

    scan = start_scan(enrolment=learner_enrolment(), actor=person(ASSESSOR))
    sign_in(page, LEARNER)
    page.goto(f"/skills-scans/{scan.pk}/rate/b/")
    rate(page, BEHAVIOURS[1:], {})
    ksb_group(page, "B1").get_by_label("Comment on B1 (optional)").fill("Not sure where I am with this")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a rating for B1 to save your comment on it")
    expect(ksb_group(page, "B1").get_by_label("Comment on B1 (optional)")).to_have_value(
        "Not sure where I am with this"
    )
    expect(ksb_group(page, "B2").get_by_label("2 Developing", exact=True)).to_be_checked()
    assert_accessible(page)
    summary.get_by_role("link", name="Choose a rating for B1 to save your comment on it").click()
    expect(ksb_group(page, "B1").get_by_label("0 Not yet", exact=True)).to_be_focused()
