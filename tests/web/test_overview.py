"""The programme overview: counts, not lists of thousands, with the same queries however many apprentices."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.people.models import EnrolmentStatus, Role
from tests.factories import EnrolmentFactory, MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
URL = reverse("programme-overview")


@pytest.fixture
def admin(client):
    provider, person = ProviderFactory(), UserFactory()
    MembershipFactory(user=person, organisation=provider, role=Role.PROVIDER_ADMIN)
    client.force_login(person)
    return provider


def _get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _cell(page, marker):
    return page.split(marker, 1)[1].split("</table>", 1)[0]


def test_counts_by_status_rating_waiting_and_past_end(client, admin):
    assessor = UserFactory(full_name="Asha Assessor")
    old = EnrolmentFactory(provider=admin, assessor=assessor, learner=UserFactory(full_name="Late Lou"),
                           start_date=TODAY - datetime.timedelta(days=800),
                           planned_end_date=TODAY - datetime.timedelta(days=30))  # fmt: skip
    EnrolmentFactory(provider=admin, status=EnrolmentStatus.WITHDRAWN)
    for number in range(3):
        EvidenceItem.objects.create(enrolment=old, evidence_type="reflective_account", title=f"W{number}",
                                    activity_date=TODAY, account="x", status=EvidenceStatus.SUBMITTED,
                                    created_by=old.learner)  # fmt: skip
    EnrolmentFactory()  # another provider's
    page, _ = _get(client)
    assert "2 apprentices you can see" in page
    statuses = _cell(page, "data-by-status")
    assert "Withdrawn</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">1<" in statuses
    assert ">Red</strong></a></th><td class=\"govuk-table__cell govuk-table__cell--numeric\">1<" in page
    assert 'data-overdue-reviews>1<' in page
    waiting = _cell(page, "data-waiting-by-assessor")
    assert "Asha Assessor" in waiting and ">3</td>" in waiting
    assert "Late Lou" in _cell(page, "data-past-end")


def test_the_same_queries_for_3_or_30_apprentices(client, admin):
    EnrolmentFactory.create_batch(3, provider=admin)
    _, few = _get(client)
    EnrolmentFactory.create_batch(27, provider=admin)
    _, many = _get(client)
    assert many == few
