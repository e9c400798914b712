"""Quality sampling in the browser: the reviewer draws a sample and disagrees; the assessor acknowledges."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in, sign_out
from .test_lifecycle_journey import fill_date

pytestmark = pytest.mark.browser


def test_reviewer_samples_disagrees_and_the_assessor_acknowledges(page, demo_world):
    from ksbtracker.progress.demo import load_demo_activity

    load_demo_activity()
    today = timezone.localdate()
    sign_in(page, "iqa@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Quality sampling").click()
    assert_accessible(page)
    page.get_by_role("link", name="Make a sampling plan").click()
    page.get_by_role("button", name="Draw the sample").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a sample rate or a sample size")
    assert_accessible(page)
    page.get_by_label("Name of the plan").fill("Tom Hughes, this month")
    fill_date(page, "Assessed on or after", today - datetime.timedelta(days=30))
    fill_date(page, "Assessed on or before", today)
    page.get_by_label("Assessor (optional)").select_option(label="Tom Hughes (assessor2@example.org)")
    page.get_by_label("Sample rate, as a percentage").fill("100")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_text("Sample drawn: 1 of 1 assessments.")).to_be_visible()
    expect(page.get_by_text("with seed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Reflection on my first risk assessment, round 1").click()
    assert_accessible(page)
    page.get_by_label("Disagree").check()
    page.get_by_label("Feedback to the assessor").fill("S3 is not shown by this account.")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()
    expect(page.get_by_text("Not yet: action open")).to_be_visible()
    assert_accessible(page)
    sample_url = page.url
    page.goto("/quality/report/")
    expect(page.get_by_role("row", name="Tom Hughes 1 1 0 0 1 1")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename == "quality-report.xlsx"
    sign_out(page)

    sign_in(page, "assessor2@example.org")
    page.goto(sample_url)
    expect(page.get_by_text("S3 is not shown by this account.")).to_be_visible()
    page.get_by_role("button", name="Acknowledge feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you have done")
    assert_accessible(page)
    page.get_by_label("What have you done or will you do about it?").fill("Reassessed: S3 partly met.")
    page.get_by_role("button", name="Acknowledge feedback").click()
    expect(page.get_by_text("Feedback acknowledged.")).to_be_visible()
    assert_accessible(page)
    # The reopened decision waits for the assessor again.
    page.get_by_role("link", name="Read the evidence and every round").click()
    expect(page.get_by_text("Waiting for assessment").first).to_be_visible()
