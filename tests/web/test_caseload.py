"""The caseload: each apprentice's position today, one RAG rule, filters, sorting and pages of 25."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.people.models import Role
from ksbtracker.progress.models import OTJLogEntry
from ksbtracker.progress.rag import KSB_RED_POINTS, OTJ_RED_SHORTFALL
from tests.factories import (
    EmployerFactory,
    EnrolmentFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
    standard_with_ksbs,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
URL = reverse("caseload")


def _enrolment(assessor, **fields):
    start = TODAY - datetime.timedelta(days=fields.pop("days_in", 30))
    values = dict(assessor=assessor, start_date=start, planned_end_date=start + datetime.timedelta(days=400))
    return EnrolmentFactory(**(values | fields))


def _get(client, url=URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _names(page: str) -> list[str]:
    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [cell.split(">", 2)[2].split("<", 1)[0] for cell in body.split('<th scope="row"')[1:]]


@pytest.fixture
def assessor(client):
    person = UserFactory()
    client.force_login(person)
    return person


def test_an_assessor_sees_their_apprentices_and_where_each_stands(client, assessor):
    standard = standard_with_ksbs(knowledge=5, skills=5, behaviours=0)
    late = _enrolment(assessor, days_in=200, standard_version=standard, learner=UserFactory(full_name="Ada Late"))
    EnrolmentFactory(learner=UserFactory(full_name="Someone Else"))  # another assessor's
    EvidenceItem.objects.create(enrolment=late, evidence_type="reflective_account", title="Waiting",
                                activity_date=TODAY, account="x", status=EvidenceStatus.SUBMITTED,
                                created_by=late.learner)  # fmt: skip
    page, _ = _get(client)
    assert _names(page) == ["Ada Late"]
    row = page.split("<tbody", 1)[1]
    assert "50%" in row  # 200 of 400 days gone
    assert "0%" in row  # no KSB evidenced or signed off
    assert ">Red</strong>" in row and "KSBs well behind time" in row  # 50 points ahead: red
    assert "Review overdue" in row  # first review was due 12 weeks in
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in row  # evidence waiting


def test_a_new_apprentice_with_hours_on_track_is_green(client, assessor):
    enrolment = _enrolment(assessor, days_in=10, learner=UserFactory(full_name="Bea New"))
    OTJLogEntry.objects.create(enrolment=enrolment, date=TODAY, activity="Induction", hours=Decimal(30),
                               recorded_by=enrolment.learner)  # fmt: skip
    page, _ = _get(client)
    assert ">Green</strong>" in page
    assert "30 / " in page


def test_filters_by_status_standard_employer_name_overdue_and_waiting(client, assessor):
    employer = EmployerFactory(name="Northern Probation Region")
    standard = standard_with_ksbs(knowledge=2)
    _enrolment(assessor, days_in=300, learner=UserFactory(full_name="Red Rowan"), employer=employer)
    _enrolment(assessor, days_in=5, learner=UserFactory(full_name="Green Gale"), standard_version=standard)
    assert _names(_get(client, URL + "?rag=red")[0]) == ["Red Rowan"]
    assert _names(_get(client, URL + "?rag=green")[0]) == ["Green Gale"]
    assert _names(_get(client, URL + f"?standard={standard.pk}")[0]) == ["Green Gale"]
    page, _ = _get(client, URL + f"?employer={employer.pk}")
    assert _names(page) == ["Red Rowan"]
    assert "Filtered by: Employer: Northern Probation Region" in page
    assert _names(_get(client, URL + "?name=gale")[0]) == ["Green Gale"]
    assert _names(_get(client, URL + "?overdue_review=on")[0]) == ["Red Rowan"]
    assert "No apprentices match" in _get(client, URL + "?waiting=on")[0]
    # Nonsense in a filter is ignored rather than an error.
    assert len(_names(_get(client, URL + "?standard=abc&rag=purple")[0])) == 2


def test_sorts_by_a_column_either_way(client, assessor):
    for name in ("Cara", "Abe", "Bo"):
        _enrolment(assessor, learner=UserFactory(full_name=name))
    page, _ = _get(client, URL + "?sort=name")
    assert _names(page) == ["Abe", "Bo", "Cara"]
    assert 'aria-sort="ascending"' in page and "sort=name&amp;dir=desc" in page
    assert _names(_get(client, URL + "?sort=name&dir=desc")[0]) == ["Cara", "Bo", "Abe"]


def test_pages_of_25_with_the_same_queries_for_5_or_30_apprentices(client, assessor):
    for number in range(5):
        _enrolment(assessor, learner=UserFactory(full_name=f"Person {number:02d}"))
    _, few = _get(client, URL + "?sort=name")
    for number in range(5, 30):
        _enrolment(assessor, learner=UserFactory(full_name=f"Person {number:02d}"))
    page, many = _get(client, URL + "?sort=name")
    assert many == few
    assert len(_names(page)) == 25 and "Showing 1 to 25 of 30" in page
    assert "sort=name&amp;page=2" in page
    assert _names(_get(client, URL + "?sort=name&page=2")[0]) == [f"Person {n}" for n in range(25, 30)]


def test_a_line_manager_sees_their_employers_apprentices_with_otj_first(client):
    employer, provider = EmployerFactory(), ProviderFactory()
    manager = UserFactory()
    MembershipFactory(user=manager, organisation=employer, role=Role.LINE_MANAGER)
    EnrolmentFactory(employer=employer, provider=provider, learner=UserFactory(full_name="Ours"))
    EnrolmentFactory(provider=provider, learner=UserFactory(full_name="Theirs"))
    client.force_login(manager)
    page, _ = _get(client)
    assert _names(page) == ["Ours"]
    headers = page.split("<thead", 1)[1].split("</thead>", 1)[0]
    assert headers.index("Off-the-job hours") < headers.index("Standard")


def test_a_learner_sees_nobody_elses_progress(client):
    enrolment = EnrolmentFactory()
    EnrolmentFactory(employer=enrolment.employer, provider=enrolment.provider)
    client.force_login(enrolment.learner)
    assert "No apprentices match" in _get(client)[0]


def test_the_help_page_states_the_thresholds(client):
    page = client.get(reverse("rag-help")).content.decode()
    assert f"{KSB_RED_POINTS} or more percentage points" in page
    assert f"{OTJ_RED_SHORTFALL}% or more below" in page
    assert "next progress review is overdue" in page


def _download(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.getvalue()


def test_the_csv_export_holds_every_filtered_row_with_the_page_figures_and_is_audited(client, assessor):
    from ksbtracker.audit.models import AuditEvent

    for number in range(30):
        _enrolment(assessor, days_in=200, learner=UserFactory(full_name=f"Person {number:02d}"))
    _enrolment(assessor, days_in=5, learner=UserFactory(full_name="Green Gale"))
    EnrolmentFactory(learner=UserFactory(full_name="Not Mine"))
    text = _download(client.get(reverse("caseload-export", args=["csv"]) + "?rag=red&sort=name")).decode()
    lines = text.lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("Apprentice,Standard,Employer,Start")
    assert len(lines) == 31  # all 30 red rows, not a page; nobody green or another assessor's
    assert lines[1].startswith("Person 00,") and ",50,0,0," in lines[1]
    assert lines[1].endswith(",Y,0,Red,Review overdue")
    assert "Not Mine" not in text and "Green Gale" not in text
    event = AuditEvent.objects.get(action="caseload.exported")
    assert event.actor == assessor and event.after["filters"] == ["Status: Red"]


def test_the_xlsx_export_has_typed_cells_a_frozen_header_and_the_filters(client, assessor):
    import io

    from openpyxl import load_workbook

    enrolment = _enrolment(assessor, days_in=200, learner=UserFactory(full_name="Ada"))
    OTJLogEntry.objects.create(enrolment=enrolment, date=TODAY, activity="Course", hours=Decimal("7.5"),
                               recorded_by=enrolment.learner)  # fmt: skip
    content = _download(client.get(reverse("caseload-export", args=["xlsx"]) + "?name=ada"))
    book = load_workbook(io.BytesIO(content))
    sheet = book["Caseload"]
    assert sheet.freeze_panes == "A2"
    row = [cell.value for cell in sheet[2]]
    assert row[0] == "Ada"
    assert row[3] == datetime.datetime.combine(enrolment.start_date, datetime.time())
    assert row[5] == 50 and row[8] == 7.5
    assert "Filters: Name contains “ada”" in [c.value for c in book["Notes"]["A"]]


def test_nobody_exports_apprentices_they_cannot_see(client):
    EnrolmentFactory(learner=UserFactory(full_name="Hidden Person"))
    client.force_login(UserFactory())
    text = _download(client.get(reverse("caseload-export", args=["csv"]))).decode()
    assert "Hidden Person" not in text
    assert client.get(reverse("caseload-export", args=["pdf"])).status_code == 404
    client.logout()
    assert client.get(reverse("caseload-export", args=["csv"])).status_code == 302
