"""Framework coverage: which probation framework criteria accepted evidence covers, per apprentice and cohort."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.standards.models import Criterion, Framework, FrameworkKind
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria():
    framework = Framework.objects.create(slug="noms-test", title="NOMS core competences (test)",
                                         kind=FrameworkKind.values[0])  # fmt: skip
    return [Criterion.objects.create(framework=framework, code=f"1.{n}", title=f"Competence {n}", position=n)
            for n in range(1, 4)]  # fmt: skip


def _item(enrolment, status, *covered):
    item = EvidenceItem.objects.create(enrolment=enrolment, evidence_type="reflective_account", title="x",
                                       activity_date=datetime.date(2025, 10, 1), account="x", status=status,
                                       created_by=enrolment.learner)  # fmt: skip
    item.criteria.set(covered)


def _rows(page):
    body = page.split("data-coverage", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(part.split("</tr>")[0].split()) for part in body.split("<tr class=\"govuk-table__row\">")[2:]]


def test_one_apprentice_sees_what_accepted_evidence_covers_and_what_not(client, scan_world, criteria):
    enrolment = scan_world["enrolment"]
    _item(enrolment, EvidenceStatus.ACCEPTED, criteria[0])
    _item(enrolment, EvidenceStatus.SUBMITTED, criteria[1])  # not accepted: does not count
    client.force_login(scan_world["learner"])
    page = client.get(reverse("apprentice-coverage", args=[enrolment.pk])).content.decode()
    rows = _rows(page)
    assert "Covered" in rows[0] and "Not yet" in rows[1] and "Not yet" in rows[2]
    client.force_login(scan_world["outsider"])
    assert client.get(reverse("apprentice-coverage", args=[enrolment.pk])).status_code == 404


def test_a_cohort_counts_apprentices_covered_per_criterion(client, scan_world, criteria):
    enrolment = scan_world["enrolment"]
    other = EnrolmentFactory(provider=enrolment.provider)
    EnrolmentFactory()  # another provider's, not counted
    _item(enrolment, EvidenceStatus.ACCEPTED, criteria[0], criteria[1])
    _item(enrolment, EvidenceStatus.ACCEPTED, criteria[0])
    _item(other, EvidenceStatus.ACCEPTED, criteria[0])
    client.force_login(scan_world["provider_admin"])
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("cohort-coverage")).content.decode()
    assert "of the 2 apprentices" in page
    rows = _rows(page)
    assert ">2</td>" in rows[0] and "100%" in rows[0]
    assert ">1</td>" in rows[1] and "50%" in rows[1]
    assert ">0</td>" in rows[2]
    for _ in range(5):
        _item(EnrolmentFactory(provider=enrolment.provider), EvidenceStatus.ACCEPTED, criteria[2])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cohort-coverage"))
    assert len(many) == len(few)
    filtered = client.get(reverse("cohort-coverage") + f"?standard={enrolment.standard_version_id}").content.decode()
    assert "of the 1 apprentice you can see on" in filtered
