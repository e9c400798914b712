"""Sign-in lockout and password rules, through the real sign-in and choose-password pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import TEST_PASSWORD, UserFactory

LOCKED = "Your account is locked for now"


def _sign_in(client, email, password, address="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address, follow=True
    )


def _signed_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_the_account_is_locked_in_any_letter_case(client, settings):
    UserFactory(email="lockme@example.org")
    for typed in ["lockme@example.org", "LockMe@example.org", "LOCKME@EXAMPLE.ORG", "lockme@Example.org"]:
        _sign_in(client, typed, "not-the-password")
    response = _sign_in(client, "lockme@example.org", "still-not-it")
    assert LOCKED in response.content.decode()

    # The right password in another letter case does not get in, nor earn more guesses.
    response = _sign_in(client, "LOCKME@example.org", TEST_PASSWORD)
    assert LOCKED in response.content.decode()
    assert not _signed_in(response)
    response = _sign_in(client, "  Lockme@Example.ORG ", TEST_PASSWORD)
    assert not _signed_in(response)


@pytest.mark.django_db
def test_a_success_clears_only_that_accounts_failures(client, settings):
    UserFactory(email="victim@example.org")
    UserFactory(email="attacker@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "victim@example.org", "guess")
    assert _signed_in(_sign_in(client, "attacker@example.org", TEST_PASSWORD))
    client.logout()

    response = _sign_in(client, "Victim@example.org", "one-more-guess")
    assert LOCKED in response.content.decode()


@pytest.mark.django_db
def test_a_flood_from_one_address_locks_that_address_only(client, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    UserFactory(email="someone@example.org")
    for n in range(12):
        response = _sign_in(client, f"guess{n}@example.org", "password1", address="198.51.100.7")
    assert LOCKED in response.content.decode()

    # From that address even a right password is refused for now; from elsewhere it works.
    assert not _signed_in(_sign_in(client, "someone@example.org", TEST_PASSWORD, address="198.51.100.7"))
    assert _signed_in(_sign_in(client, "someone@example.org", TEST_PASSWORD, address="203.0.113.9"))


def _choose_password(client, user, password):
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse("password_reset_confirm", args=[uid, token])
    form_url = client.get(url, follow=True).redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password}, follow=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, message",
    [
        ("Vq8#zLp2!mK", "at least 12 characters"),
        ("password1234", "too common"),
        ("harriet.hornblower", "too similar"),
    ],
)
def test_weak_passwords_are_refused_when_choosing_one(client, password, message):
    user = UserFactory(email="harriet.hornblower@example.org", full_name="Harriet Hornblower")
    response = _choose_password(client, user, password)
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_a_long_uncommon_password_is_accepted(client):
    user = UserFactory(email="harriet.hornblower@example.org", full_name="Harriet Hornblower")
    response = _choose_password(client, user, "Vq8#zLp2!mK7")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password("Vq8#zLp2!mK7")
