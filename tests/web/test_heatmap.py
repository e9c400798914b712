"""The cohort heatmap: a real table of apprentices by KSBs, filters, pages of 50 and whole-cohort totals."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksbtracker.evidence.services import assess_item, create_item, submit_item
from ksbtracker.people.models import Role
from ksbtracker.reviews.services import sign_off_ksbs
from tests.evidence.helpers import details, ksb
from tests.factories import EnrolmentFactory, MembershipFactory, UserFactory, standard_with_ksbs

pytestmark = pytest.mark.django_db
URL = reverse("cohort-heatmap")


def _get(client, url=URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _row(page, name):
    return page.split(f">{name}</a></th>", 1)[1].split("</tr>", 1)[0]


def test_statuses_by_letter_and_words_with_totals_for_the_cohort(client, scan_world):
    enrolment, learner, assessor = scan_world["enrolment"], scan_world["learner"], scan_world["assessor"]
    item = create_item(enrolment=enrolment, actor=learner, details=details(enrolment, codes=("K1", "S1")))
    submit_item(item=item, actor=learner)
    assess_item(item=item, actor=assessor, decisions={ksb(enrolment, "K1").pk: ("met", ""),
                                                      ksb(enrolment, "S1").pk: ("met", "")})  # fmt: skip
    sign_off_ksbs(enrolment=enrolment, actor=assessor, ksb_ids=[ksb(enrolment, "B1").pk])
    other = EnrolmentFactory(provider=enrolment.provider, standard_version=enrolment.standard_version,
                             learner=UserFactory(full_name="Zed Other"))  # fmt: skip
    client.force_login(scan_world["provider_admin"])
    page, _ = _get(client)
    row = _row(page, learner.full_name)
    cells = row.split("<td")[1:]
    assert [c.split('aria-hidden="true">', 1)[1][0] for c in cells] == ["E", "N", "E", "N", "S"]
    assert "Evidenced" in cells[0] and "Signed off" in cells[4]  # words for screen readers, not only colour
    assert all("N" in c for c in _row(page, other.learner.full_name).split("<td")[1:])
    totals = page.split("data-heatmap-totals", 1)[1].split("</tfoot>", 1)[0]
    first = totals.split("</tr>", 1)[0]
    assert [c.split(">", 1)[1].split("<", 1)[0] for c in first.split("<td")[1:]] == ["1", "0", "1", "0", "1"]
    assert "50%" in totals


def test_filters_by_cohort_month_employer_and_assessor(client):
    admin = UserFactory()
    standard = standard_with_ksbs(knowledge=1, skills=1, behaviours=1)
    first = EnrolmentFactory(standard_version=standard, start_date=datetime.date(2025, 9, 1),
                             learner=UserFactory(full_name="September Sam"))  # fmt: skip
    MembershipFactory(user=admin, organisation=first.provider, role=Role.PROVIDER_ADMIN)
    second = EnrolmentFactory(standard_version=standard, provider=first.provider, start_date=datetime.date(2026, 1, 5),
                              learner=UserFactory(full_name="January Jo"))  # fmt: skip
    client.force_login(admin)
    page, _ = _get(client, URL + "?cohort=2026-01")
    assert "January Jo" in page and "September Sam" not in page
    assert "Started in: January 2026" in page
    page, _ = _get(client, URL + f"?employer={first.employer_id}")
    assert "September Sam" in page and "January Jo" not in page
    page, _ = _get(client, URL + f"?assessor={second.assessor_id}")
    assert "January Jo" in page and "September Sam" not in page


def test_pages_of_50_apprentices_with_the_same_queries(client):
    admin = UserFactory()
    standard = standard_with_ksbs(knowledge=3, skills=3, behaviours=2)
    first = EnrolmentFactory(standard_version=standard)
    MembershipFactory(user=admin, organisation=first.provider, role=Role.PROVIDER_ADMIN)
    client.force_login(admin)
    _, few = _get(client)
    for number in range(55):
        EnrolmentFactory(standard_version=standard, provider=first.provider,
                         learner=UserFactory(full_name=f"Person {number:02d}"))  # fmt: skip
    page, many = _get(client)
    assert many == few
    assert page.count('<th scope="row" class="govuk-table__header"><a') == 50
    assert "Showing 1 to 50 of 56" in page and 'aria-label="Pages of apprentices"' in page


def test_the_export_holds_the_whole_cohort_and_nobody_elses(client, scan_world):
    from openpyxl import load_workbook

    from ksbtracker.audit.models import AuditEvent

    enrolment = scan_world["enrolment"]
    EnrolmentFactory(standard_version=enrolment.standard_version, learner=UserFactory(full_name="Elsewhere"))
    client.force_login(scan_world["assessor"])
    response = client.get(reverse("cohort-heatmap-export", args=["csv"]))
    text = b"".join(response.streaming_content).decode()
    assert text.lstrip("\ufeff").splitlines()[0] == "Apprentice,K1,K2,S1,S2,B1"
    assert enrolment.learner.full_name in text and "Elsewhere" not in text
    book = load_workbook(io.BytesIO(client.get(reverse("cohort-heatmap-export", args=["xlsx"])).getvalue()))
    assert book["Cohort heatmap"]["A2"].value == enrolment.learner.full_name
    assert AuditEvent.objects.filter(action="heatmap.exported", actor=scan_world["assessor"]).count() == 2
    client.force_login(scan_world["outsider"])
    assert "No apprentices match" in client.get(URL).content.decode()
