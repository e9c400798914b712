"""Who sees what: every page and API endpoint × every role × own record / someone else's."""

import re

import pytest
from django.urls import reverse

from ksbtracker.people.access import enrolment_for_user, enrolments_visible_to
from ksbtracker.people.models import Role
from tests.factories import (
    EmployerFactory,
    EnrolmentFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two apprenticeships at different employers and providers, and one person in each role."""
    provider, other_provider = ProviderFactory(), ProviderFactory()
    employer, other_employer = EmployerFactory(), EmployerFactory()
    people = {
        "assessor": UserFactory(),
        "line_manager": UserFactory(),
        "provider_admin": UserFactory(),
        "quality_reviewer": UserFactory(),
        "outsider": UserFactory(),
        "system_admin": UserFactory(is_superuser=True, is_staff=True),
    }
    MembershipFactory(user=people["assessor"], organisation=provider, role=Role.ASSESSOR)
    MembershipFactory(user=people["line_manager"], organisation=employer, role=Role.LINE_MANAGER)
    MembershipFactory(user=people["provider_admin"], organisation=provider, role=Role.PROVIDER_ADMIN)
    MembershipFactory(user=people["quality_reviewer"], organisation=provider, role=Role.QUALITY_REVIEWER)
    own = EnrolmentFactory(
        employer=employer, provider=provider, assessor=people["assessor"], line_manager=people["line_manager"]
    )
    people["learner"] = own.learner
    other = EnrolmentFactory(employer=other_employer, provider=other_provider)
    return {"people": people, "own": own, "other": other}


# role -> (may see own record, may see someone else's)
EXPECTED = {
    "learner": (True, False),
    "assessor": (True, False),
    "line_manager": (True, False),
    "provider_admin": (True, False),
    "quality_reviewer": (True, False),
    "outsider": (False, False),
    "system_admin": (True, True),
}

DETAIL_ENDPOINTS = ["enrolment-detail", "api-enrolment", "enrolment-dashboard", "apprentice-coverage"]


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("endpoint", DETAIL_ENDPOINTS)
@pytest.mark.parametrize("which", ["own", "other"])
def test_detail_endpoints_show_only_what_the_role_may_see(client, world, role, endpoint, which):
    client.force_login(world["people"][role])
    enrolment = world[which]
    response = client.get(reverse(endpoint, args=[enrolment.pk]))
    allowed = EXPECTED[role][0 if which == "own" else 1]
    if allowed:
        assert response.status_code == 200
        assert enrolment.learner.full_name in response.content.decode()
    else:
        # Not found, exactly as for an id that does not exist: no hint that the record is there.
        assert response.status_code == 404
        assert enrolment.learner.full_name not in response.content.decode()
        missing = client.get(reverse(endpoint, args=[999999]))
        assert missing.status_code == 404
        assert _without_csrf_token(missing.content) == _without_csrf_token(response.content)


def _without_csrf_token(content: bytes) -> bytes:
    """The page without what differs on every response: the CSRF token and the script nonce."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb'nonce="[^"]+"', b"", content)


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("endpoint", ["home", "enrolments", "api-enrolments"])
def test_lists_contain_only_visible_apprentices(client, world, role, endpoint):
    client.force_login(world["people"][role])
    body = client.get(reverse(endpoint)).content.decode()
    sees_own, sees_other = EXPECTED[role]
    assert (world["own"].learner.full_name in body) is sees_own
    assert (world["other"].learner.full_name in body) is sees_other


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("url", ["/caseload/", "/caseload/export.csv"])
def test_programme_lists_and_downloads_hold_only_other_visible_apprentices(client, world, role, url):
    """Caseloads and cohorts are of the apprentices someone looks after: never a record they could not open,
    and never their own (a learner's own progress is on their dashboard)."""
    client.force_login(world["people"][role])
    response = client.get(url)
    body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
    body = body.split("<main", 1)[-1]  # not the account bar, which names the person signed in
    sees_own, sees_other = EXPECTED[role]
    assert (world["own"].learner.full_name in body) is (sees_own and role != "learner")
    assert (world["other"].learner.full_name in body) is sees_other


@pytest.mark.parametrize("endpoint", ["enrolment-detail", "api-enrolment", "enrolment-dashboard"])
def test_signed_out_people_see_nothing(client, world, endpoint):
    response = client.get(reverse(endpoint, args=[world["own"].pk]))
    assert response.status_code in (302, 401)
    assert world["own"].learner.full_name not in response.content.decode()


def test_api_says_sign_in_as_json(client, world):
    response = client.get(reverse("api-enrolments"))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Sign in to use the API."


def test_api_not_found_is_json_with_a_message(client, world):
    client.force_login(world["people"]["learner"])
    response = client.get(reverse("api-enrolment", args=[world["other"].pk]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["message"]
    unknown = client.get("/api/no-such-thing/")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "No such API endpoint."


def test_inactive_user_sees_nothing(world):
    learner = world["people"]["learner"]
    learner.is_active = False
    assert not enrolments_visible_to(learner).exists()


def test_line_manager_sees_every_apprentice_of_their_employer(world):
    manager = world["people"]["line_manager"]
    colleague = EnrolmentFactory(employer=world["own"].employer)  # another line manager named on it
    assert enrolment_for_user(manager, colleague.pk) == colleague


def test_quality_reviewer_cannot_change_enrolments(world):
    reviewer = world["people"]["quality_reviewer"]
    admin = world["people"]["provider_admin"]
    assert not reviewer.has_perm("people.change_enrolment", world["own"])
    assert admin.has_perm("people.change_enrolment", world["own"])
    assert not admin.has_perm("people.change_enrolment", world["other"])


@pytest.mark.parametrize("role", ["learner", "assessor", "line_manager", "quality_reviewer", "outsider"])
def test_only_provider_admins_can_open_the_standard_import_page(client, world, role):
    client.force_login(world["people"][role])
    assert client.get(reverse("standard-import")).status_code == 403


def test_provider_admin_can_open_the_standard_import_page(client, world):
    client.force_login(world["people"]["provider_admin"])
    assert client.get(reverse("standard-import")).status_code == 200
