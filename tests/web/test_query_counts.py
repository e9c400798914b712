"""A page's number of database queries must not grow with the data it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksbtracker.people.models import Role
from tests.factories import (
    EnrolmentFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
    standard_with_ksbs,
)

pytestmark = pytest.mark.django_db


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def provider_admin():
    provider = ProviderFactory()
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=provider, role=Role.PROVIDER_ADMIN)
    return admin, provider


@pytest.mark.parametrize("url_name", ["home", "enrolments", "api-enrolments"])
def test_apprentice_lists_use_the_same_queries_for_2_or_20_apprentices(client, provider_admin, url_name):
    admin, provider = provider_admin
    client.force_login(admin)
    EnrolmentFactory.create_batch(2, provider=provider)
    few = _count_queries(client, reverse(url_name))
    EnrolmentFactory.create_batch(18, provider=provider)
    many = _count_queries(client, reverse(url_name))
    assert many == few
    assert few <= 20


def test_standard_version_page_queries_do_not_grow_with_ksbs(client):
    client.force_login(UserFactory())
    small = standard_with_ksbs(knowledge=2, skills=2, behaviours=1)
    large = standard_with_ksbs(knowledge=20, skills=25, behaviours=8)
    few = _count_queries(client, small.get_absolute_url())
    many = _count_queries(client, large.get_absolute_url())
    assert many == few
    assert few <= 20


def test_standards_list_queries_do_not_grow_with_standards(client):
    client.force_login(UserFactory())
    standard_with_ksbs()
    few = _count_queries(client, reverse("frameworks"))
    for _ in range(10):
        standard_with_ksbs()
    many = _count_queries(client, reverse("frameworks"))
    assert many == few


def test_enrolment_page_query_count_is_fixed(client, provider_admin):
    admin, provider = provider_admin
    client.force_login(admin)
    small = EnrolmentFactory(provider=provider, standard_version=standard_with_ksbs(knowledge=2))
    large = EnrolmentFactory(provider=provider, standard_version=standard_with_ksbs(knowledge=30, skills=20))
    few = _count_queries(client, small.get_absolute_url())
    assert _count_queries(client, large.get_absolute_url()) == few
    assert few <= 15
