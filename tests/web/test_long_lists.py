"""Long lists come a page at a time, and their pages cost the same queries however much data there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.people.models import Role
from tests.factories import (
    EnrolmentFactory,
    MembershipFactory,
    ProviderFactory,
    StandardVersionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider_admin():
    provider = ProviderFactory()
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=provider, role=Role.PROVIDER_ADMIN)
    return admin, provider


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _rows(page: str) -> int:
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return body.count('<tr class="govuk-table__row">')


def _items(enrolment, count, status=EvidenceStatus.SUBMITTED):
    for number in range(count):
        EvidenceItem.objects.create(
            enrolment=enrolment, evidence_type="reflective_account", title=f"Item {number:02d}",
            activity_date=datetime.date(2025, 10, 1), account="What I did", status=status,
            created_by=enrolment.learner,
        )  # fmt: skip


def test_the_apprentice_list_shows_25_a_page_with_govuk_pagination(client, provider_admin):
    admin, provider = provider_admin
    EnrolmentFactory.create_batch(30, provider=provider)
    client.force_login(admin)
    first, first_queries = _get(client, reverse("enrolments"))
    assert _rows(first) == 25
    assert 'class="govuk-pagination"' in first
    assert 'aria-current="page">1</a>' in first
    assert "Showing 1 to 25 of 30" in first
    second, _ = _get(client, reverse("enrolments") + "?page=2")
    assert _rows(second) == 5
    assert 'rel="prev"' in second and 'rel="next"' not in second
    EnrolmentFactory.create_batch(30, provider=provider)
    _, more_queries = _get(client, reverse("enrolments"))
    assert more_queries == first_queries


def test_the_apprentice_list_searches_by_name_and_keeps_the_search_on_other_pages(client, provider_admin):
    admin, provider = provider_admin
    for number in range(27):
        EnrolmentFactory(provider=provider, learner=UserFactory(full_name=f"Sam Jones {number:02d}"))
    EnrolmentFactory(provider=provider, learner=UserFactory(full_name="Priya Shah"))
    client.force_login(admin)
    page, _ = _get(client, reverse("enrolments") + "?name=shah")
    assert _rows(page) == 1 and "Priya Shah" in page
    page, _ = _get(client, reverse("enrolments") + "?name=jones")
    assert "Showing 1 to 25 of 27" in page
    assert "?name=jones&amp;page=2" in page


def test_the_list_leaves_out_the_standards_json(client, provider_admin):
    admin, provider = provider_admin
    EnrolmentFactory(provider=provider)
    client.force_login(admin)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("enrolments"))
    assert not any("source_extra" in q["sql"] for q in queries.captured_queries)


def test_home_counts_what_waits_and_shows_only_the_most_urgent(client, provider_admin):
    admin, provider = provider_admin
    enrolments = EnrolmentFactory.create_batch(3, provider=provider)
    _items(enrolments[0], 2)
    client.force_login(admin)
    _, few_queries = _get(client, reverse("home"))
    _items(enrolments[1], 28)
    home, many_queries = _get(client, reverse("home"))
    assert many_queries == few_queries
    counts = home.split("data-needs-counts", 1)[1].split("</table>", 1)[0]
    assert "Evidence to assess" in counts and ">30</td>" in counts
    # Three overdue reviews (the factory's start was long ago) and the oldest items: five at most.
    tasks = home.split('id="needs-you"', 1)[1].split("</ul>", 1)[0]
    assert tasks.count("govuk-task-list__item ") == 5
    assert tasks.count("Hold a progress review: overdue") == 3


def test_the_full_list_of_one_kind_of_task_is_paginated_oldest_first(client, provider_admin):
    admin, provider = provider_admin
    _items(EnrolmentFactory(provider=provider), 30)
    client.force_login(admin)
    page, first_queries = _get(client, reverse("needs-list", args=["evidence-to-assess"]))
    assert page.count("govuk-task-list__item ") == 25
    assert "Assess “Item 00”" in page and "Assess “Item 29”" not in page
    assert "Showing 1 to 25 of 30" in page
    page, _ = _get(client, reverse("needs-list", args=["evidence-to-assess"]) + "?page=2")
    assert "Assess “Item 29”" in page
    assert client.get(reverse("needs-list", args=["nonsense"])).status_code == 404


def test_nobody_sees_tasks_on_apprentices_they_cannot_see(client, provider_admin):
    admin, provider = provider_admin
    _items(EnrolmentFactory(), 3)  # another provider's
    client.force_login(admin)
    page, _ = _get(client, reverse("needs-list", args=["evidence-to-assess"]))
    assert "Item 00" not in page
    home, _ = _get(client, reverse("home"))
    assert "Item 00" not in home


def test_the_evidence_list_is_paginated_with_totals_of_everything(client, provider_admin):
    admin, provider = provider_admin
    enrolment = EnrolmentFactory(provider=provider)
    _items(enrolment, 27, status=EvidenceStatus.DRAFT)
    client.force_login(admin)
    url = reverse("evidence-list", args=[enrolment.pk])
    page, few = _get(client, url)
    assert _rows(page) == 25
    assert "Showing 1 to 25 of 27" in page
    assert '<dd class="govuk-summary-list__value">27</dd>' in page
    _items(enrolment, 20, status=EvidenceStatus.DRAFT)
    assert _get(client, url)[1] == few


def test_the_what_if_form_offers_a_short_list_and_finds_any_standard(client, provider_admin):
    admin, provider = provider_admin
    in_use = EnrolmentFactory(provider=provider).standard_version
    unused = StandardVersionFactory(title="Rare trade apprenticeship")
    StandardVersionFactory.create_batch(5)
    client.force_login(admin)
    page = client.get(reverse("plan-check")).content.decode()
    assert in_use.title in page and unused.title not in page
    found = client.get(reverse("plan-check") + "?find=rare trade").content.decode()
    assert f'value="{unused.pk}"' in found and in_use.title not in found
