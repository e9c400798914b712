"""The error page for a failure is shown even when the database is what failed."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_500_page_is_shown_during_a_database_outage(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    client.raise_request_exception = False
    with connection.execute_wrapper(_database_down):
        if signed_in:
            response = client.get(reverse("home"))
        else:
            response = client.post(reverse("login"), {"username": "a@example.org", "password": "something-long"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1 class=\"govuk-heading-l\">Sorry, there is a problem with the service</h1>" in page
    assert "govuk-header" in page
    assert "Signed in as" not in page


def test_the_api_answers_a_database_outage_in_json(client):
    client.force_login(UserFactory())
    client.raise_request_exception = False
    with connection.execute_wrapper(_database_down):
        response = client.get(reverse("api-enrolments"))
    assert response.status_code == 500
    assert response.json()["error"]["message"].startswith("Sorry, there is a problem with the service")
