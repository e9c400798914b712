"""Schemathesis against the schema a real server serves: no 5xx, every response as the schema says."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .servers import Server, ksbtracker

# A request the schema allows may still break a domain rule (a date in the future, evidence not yet
# submitted): that is a 400 with a message, so "schema-valid data is accepted" is not checked.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]  # fmt: skip

MAKE_TOKEN = (
    "from ksbtracker.api.tokens import create_token\n"
    "from ksbtracker.people.models import User\n"
    "print(create_token(user=User.objects.get(email='{email}'), name='schema test', scopes=['read', 'write'])[1])"
)


@pytest.fixture(scope="module")
def api_server(served_database):
    running = Server(served_database, API_RATE_LIMIT="100000/min")
    yield running
    running.stop()


@pytest.mark.parametrize("email", ["learner2@example.org", "assessor2@example.org"])
def test_the_api_keeps_to_its_schema(api_server, served_database, email):
    token = ksbtracker(served_database, "shell", "-c", MAKE_TOKEN.format(email=email)).stdout.split()[-1]
    schema = schemathesis.openapi.from_url(api_server.url + "/api/v1/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)  # fmt: skip
        def keeps_to_the_schema(case):
            case.call_and_validate(
                base_url=api_server.url, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
            )

        keeps_to_the_schema()
