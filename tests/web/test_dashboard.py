"""A learner's dashboard: KSB tiles by status, OTJ hours over time and what comes next, readable without colour."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksbtracker.evidence.services import assess_item, create_item, submit_item
from ksbtracker.progress.models import OTJLogEntry
from tests.evidence.helpers import details, ksb

pytestmark = pytest.mark.django_db


def _page(client, enrolment, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("enrolment-dashboard", args=[enrolment.pk]) + query)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _tile(page: str, code: str) -> str:
    return page.split(f'<span class="ksb-tile__code">{code}</span>', 1)[1].split("</li>", 1)[0]


def test_tiles_show_each_ksbs_status_in_words_and_link_to_its_evidence(client, scan_world):
    enrolment, learner = scan_world["enrolment"], scan_world["learner"]
    item = create_item(enrolment=enrolment, actor=learner, details=details(enrolment, codes=("K1", "S1")))
    submit_item(item=item, actor=learner)
    assess_item(item=item, actor=scan_world["assessor"], decisions={ksb(enrolment, "K1").pk: ("met", ""),
                                                                   ksb(enrolment, "S1").pk: ("met", "")})  # fmt: skip
    client.force_login(learner)
    page, _ = _page(client, enrolment)
    assert "Evidenced" in _tile(page, "K1")
    assert "Not started" in _tile(page, "K2")
    assert "<h3 class=\"govuk-heading-s\">Knowledge</h3>" in page and "Behaviour" in page
    evidence = client.get(reverse("evidence-list", args=[enrolment.pk]) + f"?ksb={ksb(enrolment, 'K1').pk}")
    assert "Showing evidence mapped to <strong>K1</strong>" in evidence.content.decode()
    assert item.title in evidence.content.decode()
    other = client.get(reverse("evidence-list", args=[enrolment.pk]) + f"?ksb={ksb(enrolment, 'K2').pk}")
    assert item.title not in other.content.decode()


def test_otj_hours_by_month_in_a_chart_and_a_table(client, scan_world):
    enrolment, learner = scan_world["enrolment"], scan_world["learner"]
    for day, hours in ((datetime.date(2025, 10, 2), 6), (datetime.date(2025, 10, 20), 4),
                       (datetime.date(2025, 12, 1), Decimal("7.5"))):  # fmt: skip
        OTJLogEntry.objects.create(enrolment=enrolment, date=day, activity="Course", hours=hours,
                                   recorded_by=learner)  # fmt: skip
    client.force_login(learner)
    page, _ = _page(client, enrolment)
    table = page.split("data-otj-table", 1)[1].split("</table>", 1)[0]
    assert "October 2025" in table and ">10</td>" in table
    assert "December 2025" in table and ">17.5</td>" in table
    assert '<svg class="ksb-chart__svg"' in page and 'class="ksb-chart__done" points="' in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "style=" not in main and "<script" not in main


def test_the_duty_filter_shows_only_that_dutys_ksbs(client, scan_world):
    from ksbtracker.standards.models import Duty

    enrolment = scan_world["enrolment"]
    duty = Duty.objects.create(standard_version=enrolment.standard_version, number=2, text="Write reports")
    duty.ksbs.set([ksb(enrolment, "S2")])
    client.force_login(scan_world["assessor"])
    page, _ = _page(client, enrolment, "?duty=2")
    assert 'ksb-tile__code">S2' in page and 'ksb-tile__code">K1' not in page


def test_next_steps_and_no_distance_before_a_rescan(client, scan_world):
    client.force_login(scan_world["line_manager"])
    page, _ = _page(client, scan_world["enrolment"])
    steps = page.split("data-next-steps", 1)[1].split("</dl>", 1)[0]
    assert "None agreed at a signed review yet" in steps
    assert "Overdue" in steps  # the factory's start was long ago
    assert "checks met" in steps
    assert "once a re-scan at a progress review is signed" in page


def test_only_those_who_may_see_the_apprenticeship_see_its_dashboard(client, scan_world):
    client.force_login(scan_world["outsider"])
    response = client.get(reverse("enrolment-dashboard", args=[scan_world["enrolment"].pk]))
    assert response.status_code == 404


def test_the_dashboards_queries_do_not_grow_with_the_portfolio(client, scan_world):
    enrolment, learner = scan_world["enrolment"], scan_world["learner"]
    client.force_login(learner)
    _, few = _page(client, enrolment)
    for number in range(12):
        item = create_item(enrolment=enrolment, actor=learner,
                           details=details(enrolment, codes=("K1", "B1"), title=f"Item {number}",
                                           activity_date=datetime.date(2025, 10 + number % 3, 1)))  # fmt: skip
        submit_item(item=item, actor=learner)
        OTJLogEntry.objects.create(enrolment=enrolment, date=datetime.date(2026, 1 + number, 1), activity="x",
                                   hours=2, recorded_by=learner)  # fmt: skip
    _, many = _page(client, enrolment)
    assert many == few
