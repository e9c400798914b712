"""Programme views in the browser as each role: caseload, dashboard, heatmap, overview and their downloads,
each passing the axe-core check."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def busy_world(demo_world):
    """The demo people with their evidence, reviews and scans."""
    import contextlib

    from ksbtracker.progress.demo import load_demo_activity

    with contextlib.redirect_stdout(io.StringIO()):
        load_demo_activity()
    return demo_world


def _menu(page, name):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


def test_an_assessor_reads_the_caseload_filters_it_and_downloads_the_same_figures(page, busy_world, tmp_path):
    sign_in(page, "assessor2@example.org")
    _menu(page, "Caseload")
    table = page.locator("[data-caseload]")
    expect(table.get_by_role("link", name="Ben Okafor")).to_be_visible()
    expect(table.get_by_role("link", name="Chloe Evans")).to_be_visible()
    row = table.get_by_role("row").filter(has_text="Ben Okafor")
    shown = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    assert_accessible(page)
    page.get_by_label("Apprentice name").fill("ben")
    page.get_by_role("button", name="Apply filters").click()
    expect(table.get_by_role("link", name="Chloe Evans")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    path = Path(download_info.value.path())
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["Ben Okafor"]
    exported = dict(zip(rows[0], rows[1], strict=True))
    assert f"{exported['Time gone (%)']}%" in shown
    assert f"{exported['KSBs evidenced or signed off (%)']}%" in shown
    page.get_by_role("link", name="one rule for red, amber and green").click()
    expect(page.get_by_role("heading", name="How red, amber and green are worked out")).to_be_visible()
    assert_accessible(page)


def test_a_learner_opens_their_dashboard_and_reads_the_chart_data(page, busy_world):
    sign_in(page, "learner2@example.org")
    _menu(page, "My dashboard")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    grid = page.locator("[data-ksb-grid]").first
    expect(grid.get_by_role("link").first).to_be_visible()
    expect(page.locator("[data-next-steps]")).to_contain_text("Next review due")
    page.get_by_text("Show the data").first.click()
    expect(page.locator("[data-otj-table], .govuk-details__text").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Framework coverage").click()
    expect(page.locator("[data-coverage]").first).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.locator("[data-ksb-grid]").first.get_by_role("link").first.click()
    expect(page.locator("[data-ksb-filter]")).to_contain_text("Showing evidence mapped to")
    assert_accessible(page)


def test_a_line_manager_sees_off_the_job_release_first(page, busy_world):
    sign_in(page, "manager@example.org")
    _menu(page, "Caseload")
    headers = page.locator("[data-caseload] thead th").all_inner_texts()
    assert headers.index("Off-the-job hours: done / expected today") == 1
    assert_accessible(page)


@pytest.mark.parametrize("email", ["provider@example.org", "iqa@example.org"])
def test_provider_and_quality_see_the_overview_and_the_heatmap(page, busy_world, email, tmp_path):
    from openpyxl import load_workbook

    sign_in(page, email)
    _menu(page, "Programme overview")
    expect(page.locator("[data-by-status]")).to_contain_text("On programme")
    assert_accessible(page)
    page.get_by_role("link", name="framework coverage").click()
    expect(page.locator("[data-coverage]").first).to_contain_text("Apprentices covered")
    assert_accessible(page)
    _menu(page, "Cohort heatmap")
    heatmap = page.locator("[data-heatmap]")
    expect(heatmap.get_by_role("columnheader", name="K1", exact=True)).to_be_visible()
    expect(page.locator("[data-heatmap-totals]")).to_contain_text("Evidenced or signed off")
    assert_accessible(page)
    names = heatmap.locator("tbody th").all_inner_texts()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX spreadsheet").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    sheet = book["Cohort heatmap"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == names
