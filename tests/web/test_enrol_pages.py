"""A provider admin enrols an apprentice, who chooses a password from the email and signs in."""

import re

import pytest
from django.urls import reverse

from ksbtracker.people.employer_links import link_employer
from ksbtracker.people.models import Enrolment, Role, User
from tests.factories import (
    EmployerFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
    standard_with_ksbs,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider_world():
    provider, employer = ProviderFactory(), EmployerFactory()
    admin, assessor, manager = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=admin, organisation=provider, role=Role.PROVIDER_ADMIN)
    MembershipFactory(user=assessor, organisation=provider, role=Role.ASSESSOR)
    MembershipFactory(user=manager, organisation=employer, role=Role.LINE_MANAGER)
    link_employer(provider=provider, employer=employer)
    return {"provider": provider, "employer": employer, "admin": admin, "assessor": assessor,
            "manager": manager, "standard": standard_with_ksbs()}  # fmt: skip


def form_data(world, **overrides):
    data = {
        "full_name": "Dana Scott", "email": "dana@example.org", "standard_version": world["standard"].pk,
        "employer": world["employer"].pk, "assessor": world["assessor"].pk, "line_manager": world["manager"].pk,
        "start_date_0": "1", "start_date_1": "9", "start_date_2": "2025",
        "planned_end_date_0": "1", "planned_end_date_1": "3", "planned_end_date_2": "2027",
        "weekly_hours": "37", "agreed_price": "5000",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_provider_admin_enrols_a_new_apprentice_who_chooses_a_password(client, provider_world, mailoutbox,
                                                                        django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(provider_world["admin"])
    assert "Enrol an apprentice" in client.get(reverse("enrolments")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enrolment-add"), form_data(provider_world))
    enrolment = Enrolment.objects.get(learner__email="dana@example.org")
    assert response["Location"] == enrolment.get_absolute_url()
    assert enrolment.provider == provider_world["provider"]
    assert enrolment.funding_rule_set.name == "Starts 1 August 2025 to 31 July 2026"
    link = re.search(r"http://\S+/password/choose/\S+/", mailoutbox[-1].body).group(0)
    client.logout()
    page = client.get(link.split("8000", 1)[1], follow=True)
    assert "Choose a password" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-password-9", "new_password2": "a-long-new-password-9"},
    )
    assert done.status_code == 302
    assert User.objects.get(email="dana@example.org").check_password("a-long-new-password-9")


def test_bad_input_shows_each_problem_and_enrols_nobody(client, provider_world):
    client.force_login(provider_world["admin"])
    other_manager = UserFactory()
    MembershipFactory(user=other_manager, organisation=EmployerFactory(), role=Role.LINE_MANAGER)
    body = client.post(reverse("enrolment-add"), form_data(
        provider_world, full_name="", email="not-an-email", line_manager=other_manager.pk,
        planned_end_date_2="2024", weekly_hours="lots",
    )).content.decode()  # fmt: skip
    for message in ("Enter the apprentice&#x27;s full name", "Enter an email address in the correct format",
                    "Search for the line manager at the employer and select them", "The planned end date must be after the start date",
                    "Enter the hours as a number"):  # fmt: skip
        assert message in body
    assert not Enrolment.objects.exists()


def test_only_provider_admins_enrol(client, provider_world):
    client.force_login(provider_world["assessor"])
    assert client.get(reverse("enrolment-add")).status_code == 403


@pytest.fixture
def other_provider_world(provider_world):
    """Another provider's employer and line manager, whom this provider's admin must never be shown."""
    elsewhere = EmployerFactory(name="Probation Service – Secret region")
    stranger = UserFactory(full_name="Stella Stranger", email="stella.stranger@example.org")
    MembershipFactory(user=stranger, organisation=elsewhere, role=Role.LINE_MANAGER)
    link_employer(provider=ProviderFactory(), employer=elsewhere)
    return provider_world | {"elsewhere": elsewhere, "stranger": stranger}


def test_the_enrol_page_lists_no_employers_or_line_managers(client, other_provider_world):
    world = other_provider_world
    client.force_login(world["admin"])
    page = client.get(reverse("enrolment-add")).content.decode()
    assert "Search for the employer" in page and "Search for the line manager" in page
    for hidden in (world["employer"].name, world["manager"].email, world["elsewhere"].name, "stella.stranger"):
        assert hidden not in page


def test_searching_finds_only_the_providers_employers_and_their_line_managers(client, other_provider_world):
    world = other_provider_world
    client.force_login(world["admin"])
    typed = {"full_name": "Dana Scott", "email": "dana@example.org", "employer_search": "probation",
             "line_manager_search": "example.org", "find_employer": ""}  # fmt: skip
    page = client.post(reverse("enrolment-add"), typed).content.decode()
    assert world["employer"].name in page
    assert world["manager"].email in page
    assert world["elsewhere"].name not in page and "stella.stranger" not in page
    assert 'value="Dana Scott"' in page  # what was typed stays on the page
    assert "govuk-error-summary" not in page
    assert not Enrolment.objects.exists()

    page = client.post(reverse("enrolment-add"), typed | {"employer_search": "Secret"}).content.decode()
    assert "No employers found for ‘Secret’" in page


def test_another_providers_employer_or_line_manager_cannot_be_chosen(client, other_provider_world):
    world = other_provider_world
    client.force_login(world["admin"])
    body = client.post(reverse("enrolment-add"), form_data(
        world, employer=world["elsewhere"].pk, line_manager=world["stranger"].pk
    )).content.decode()  # fmt: skip
    assert "Search for the employer and select it" in body
    assert "Search for the line manager at the employer and select them" in body
    assert world["elsewhere"].name not in body and "stella.stranger" not in body
    assert not Enrolment.objects.exists()
