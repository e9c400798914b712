"""The audit trail page: provider admins and quality reviewers see their provider's records, a learner their
own apprenticeship, anyone else nothing; filters, pages of 50 and a streamed CSV."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ksbtracker.audit.api import record_change
from ksbtracker.scans.models import Rating
from tests.factories import EnrolmentFactory, UserFactory
from tests.plans.test_services import locked_baseline

pytestmark = pytest.mark.django_db
TRAIL = reverse("audit-trail")
CSV = reverse("audit-trail-csv")


def _events(enrolment, count, actor=None, action="enrolment.noted"):
    for i in range(count):
        record_change(actor=actor, action=action, instance=enrolment, before={"n": i}, after={"n": i + 1})


def _page(client, user, query="") -> str:
    client.force_login(user)
    response = client.get(TRAIL + query)
    assert response.status_code == 200
    return response.content.decode()


def _csv_rows(client, query=""):
    response = client.get(CSV + query)
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("who", ["provider_admin", "quality_reviewer"])
def test_provider_staff_see_their_providers_records_and_not_others(client, scan_world, who):
    _events(scan_world["enrolment"], 2, actor=scan_world["assessor"], action="enrolment.ours")
    _events(EnrolmentFactory(), 2, action="enrolment.theirs")
    page = _page(client, scan_world[who])
    assert page.count("enrolment.ours") == 2
    assert "enrolment.theirs" not in page
    assert "<strong>n</strong>: 0 → 1" in page
    rows = _csv_rows(client)
    assert rows[0][:4] == ["Event", "When", "Who", "Action"]
    assert [row[3] for row in rows[1:]].count("enrolment.ours") == 2
    assert "enrolment.theirs" not in {row[3] for row in rows}


def test_a_learner_sees_their_own_apprenticeship_only(client, scan_world):
    _events(scan_world["enrolment"], 1, action="enrolment.mine")
    other = EnrolmentFactory(provider=scan_world["enrolment"].provider)
    _events(other, 1, action="enrolment.someone_elses")
    page = _page(client, scan_world["learner"])
    assert "enrolment.mine" in page and "enrolment.someone_elses" not in page
    assert client.get(TRAIL + f"?apprenticeship={other.pk}").status_code == 404
    assert client.get(CSV + f"?apprenticeship={other.pk}").status_code == 404


@pytest.mark.parametrize("who", ["assessor", "line_manager", "outsider"])
def test_everyone_else_is_told_it_is_not_found(client, scan_world, who):
    _events(scan_world["enrolment"], 1)
    client.force_login(scan_world[who])
    assert client.get(TRAIL).status_code == 404
    assert client.get(CSV).status_code == 404
    client.logout()
    assert client.get(TRAIL).status_code == 302


def test_filters_by_person_and_date(client, scan_world):
    assessor = scan_world["assessor"]
    _events(scan_world["enrolment"], 1, actor=assessor, action="enrolment.by_assessor")
    _events(scan_world["enrolment"], 1, actor=scan_world["provider_admin"], action="enrolment.by_admin")
    page = _page(client, scan_world["provider_admin"], f"?person={assessor.full_name.split()[-1]}")
    assert "enrolment.by_assessor" in page and "enrolment.by_admin" not in page
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    day = f"?to_date_0={yesterday.day}&to_date_1={yesterday.month}&to_date_2={yesterday.year}"
    assert "No events match" in _page(client, scan_world["provider_admin"], day)
    day = f"?from_date_0={today.day}&from_date_1={today.month}&from_date_2={today.year}"
    assert "enrolment.by_admin" in _page(client, scan_world["provider_admin"], day)
    assert "enrolment.by_admin" in {row[3] for row in _csv_rows(client, day)}


def test_a_wrong_date_is_explained_in_an_error_summary(client, scan_world):
    page = _page(client, scan_world["provider_admin"], "?from_date_0=31&from_date_1=2&from_date_2=2026")
    assert "There is a problem" in page
    assert "From must be a real date" in page


def test_pages_of_fifty_with_govuk_pagination_and_a_steady_number_of_queries(client, scan_world):
    _events(scan_world["enrolment"], 3)
    client.force_login(scan_world["provider_admin"])
    with CaptureQueriesContext(connection) as few:
        client.get(TRAIL)
    _events(scan_world["enrolment"], 60)
    with CaptureQueriesContext(connection) as many:
        page = client.get(TRAIL).content.decode()
    assert len(many) == len(few)
    assert "govuk-pagination" in page and "Page 1 of 2" in page
    second = client.get(TRAIL + "?page=2").content.decode()
    assert "Page 2 of 2" in second and second.count("enrolment.noted") == 13


def test_the_scan_page_links_to_the_trail_of_a_record_that_no_longer_matches(client, scan_world):
    scan = locked_baseline(scan_world, {})
    Rating.objects.filter(scan=scan).update(value=4)
    client.force_login(scan_world["provider_admin"])
    page = client.get(scan.get_absolute_url()).content.decode()
    link = f'{TRAIL}?record=scans.skillsscan%3A{scan.pk}'
    assert f'href="{link}"' in page
    trail = client.get(link).content.decode()
    assert "scan.signed" in trail and "scan.locked" in trail and "enrolment" not in trail.split("<table")[-1]
    client.force_login(scan_world["assessor"])
    page = client.get(scan.get_absolute_url()).content.decode()
    assert "Ask the training provider to check the audit trail" in page and link not in page


def test_the_export_is_itself_recorded(client, scan_world):
    _events(scan_world["enrolment"], 1)
    client.force_login(scan_world["provider_admin"])
    _csv_rows(client, f"?apprenticeship={scan_world['enrolment'].pk}")
    assert "audit.exported" in _page(client, scan_world["provider_admin"])


def test_a_system_admin_sees_everything(client, scan_world):
    _events(EnrolmentFactory(), 1, action="enrolment.anywhere")
    assert "enrolment.anywhere" in _page(client, UserFactory(is_superuser=True, is_staff=True))
