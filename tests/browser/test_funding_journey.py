"""A provider admin records a published OTJ minimum, checks a 2026 start against it, records an apprentice's
funding details and downloads the figures to return, which open in a spreadsheet with the same figures."""

from __future__ import annotations

import datetime

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PROVIDER = "provider@example.org"
LEARNER2 = "learner2@example.org"


def test_provider_admin_records_a_published_minimum_and_the_what_if_uses_it(page, demo_world):
    sign_in(page, PROVIDER)
    page.goto("/funding/rules/")
    page.get_by_role("link", name="Published minimum off-the-job hours per standard").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record a published minimum").click()
    page.get_by_role("button", name="Save the published minimum").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the standard reference, like ST0648")
    assert_accessible(page)
    page.get_by_label("Standard reference").fill("ST0648")
    page.get_by_label("Standard version").fill("1.0")
    page.get_by_label("Published minimum off-the-job hours").fill("400")
    start = page.get_by_role("group", name="For starts from")
    start.get_by_label("Day").fill("1")
    start.get_by_label("Month").fill("8")
    start.get_by_label("Year").fill("2026")
    page.get_by_label("Source").fill("DfE annex of minimum OTJ hours")
    page.get_by_role("button", name="Save the published minimum").click()
    expect(page.locator(".govuk-table")).to_contain_text("ST0648 version 1.0")
    expect(page.locator(".govuk-table")).to_contain_text("From 1 August 2026")

    page.goto("/funding/plan-check/")
    when = page.get_by_role("group", name="Start date")
    when.get_by_label("Day").fill("1")
    when.get_by_label("Month").fill("9")
    when.get_by_label("Year").fill("2026")
    page.get_by_label("Planned duration, in months").fill("24")
    page.get_by_label("Off-the-job hours recognised as prior learning").fill("40")
    page.get_by_label("Agreed price, in pounds").fill("21000")
    page.get_by_label("Apprenticeship standard (optional)").select_option(
        label="ST0648 Probation officer, version 1.0"
    )
    page.get_by_role("button", name="Check the plan").click()
    result = page.locator("[data-funding-figures]")
    expect(result).to_contain_text("Starts from 1 August 2026")
    expect(result).to_contain_text("The published minimum for ST0648 version 1.0")
    expect(result).to_contain_text("£21,000.00 band maximum × 10% × 50% = £1,050.00")
    expect(result).to_contain_text("£19,950.00")
    expect(result).to_contain_text("Rule: Apprenticeship funding rules 2026 to 2027 v1")
    assert_accessible(page)


def test_funding_details_and_the_export_match(page, demo_world, tmp_path):
    enrolment_id = demo_world.enrolment_ids[LEARNER2]
    sign_in(page, PROVIDER)
    page.goto(f"/apprentices/{enrolment_id}/")
    page.get_by_role("link", name="Funding and figures to return").click()
    assert_accessible(page)
    page.get_by_label("Unique learner number (ULN)").fill("9276308687")
    page.get_by_role("button", name="Save funding details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("check digit does not match")
    page.get_by_label("Unique learner number (ULN)").fill("9276308686")
    page.get_by_label("End-point assessment price (TNP2), in pounds").fill("900")
    page.get_by_role("button", name="Save funding details").click()
    expect(page.get_by_text("Funding details saved.")).to_be_visible()
    figures = page.locator("dl.govuk-summary-list").first
    expect(figures).to_contain_text("9276308686")
    tnp1_shown = figures.locator(".govuk-summary-list__row", has_text="TNP1").locator("dd").inner_text()
    assert_accessible(page)

    page.goto("/funding/returns/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="spreadsheet (XLSX)").click()
    path = tmp_path / "figures.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, [cell.value for cell in row], strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    mine = next(row for row in rows if row["ULN"] == "9276308686")
    assert f"£{mine['TNP1 training price']:,.2f}" == tnp1_shown
    assert mine["TNP2 end-point assessment price"] == 900
    assert isinstance(mine["Start date"], datetime.datetime)
