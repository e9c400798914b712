"""A second step at sign-in: required for provider admins, quality reviewers and system admins."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ksbtracker.people.models import Role
from tests.factories import TEST_PASSWORD, MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, user, next_url=""):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.email, "password": TEST_PASSWORD})


def _signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def _code(key_hex: str) -> str:
    """What an authenticator app with this secret shows now."""
    return f"{totp(bytes.fromhex(key_hex)):06d}"


@pytest.fixture
def provider_admin():
    admin = UserFactory(email="grace@example.org")
    MembershipFactory(user=admin, organisation=ProviderFactory(), role=Role.PROVIDER_ADMIN)
    return admin


def test_a_provider_admin_sets_up_an_app_before_getting_in(client, provider_admin):
    response = _sign_in(client, provider_admin, next_url="/apprentices/")
    assert response["Location"] == reverse("sign-in-set-up")
    assert not _signed_in(client)

    page = client.get(reverse("sign-in-set-up")).content.decode()
    secret = re.search(r'<code class="ksb-secret" id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)).hex()

    wrong = client.post(reverse("sign-in-set-up"), {"code": "000000"}).content.decode()
    assert "The code is not right" in wrong
    assert not _signed_in(client)
    time.sleep(1.1)  # after a wrong code the next is not even checked for a second (then 2, 4, 8…)

    done = client.post(reverse("sign-in-set-up"), {"code": _code(key)}).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done)
    assert len(codes) == 10
    assert 'href="/apprentices/"' in done
    assert _signed_in(client)
    assert TOTPDevice.objects.get(user=provider_admin).confirmed


def _with_app(user, key="3132333435363738393031323334353637383930") -> str:
    TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
    return key


def test_the_code_is_asked_for_every_time_and_a_wrong_one_does_not_get_in(client, provider_admin):
    key = _with_app(provider_admin)
    assert _sign_in(client, provider_admin)["Location"] == reverse("sign-in-code")
    page = client.post(reverse("sign-in-code"), {"code": "123456" if _code(key) != "123456" else "654321"})
    assert "The code is not right" in page.content.decode()
    assert not _signed_in(client)
    time.sleep(1.1)  # after a wrong code the next is not even checked for a second (then 2, 4, 8…)
    client.post(reverse("sign-in-code"), {"code": _code(key)})
    assert _signed_in(client)


def test_too_many_wrong_codes_start_again_from_the_password(client, provider_admin):
    _with_app(provider_admin)
    _sign_in(client, provider_admin)
    for _ in range(5):
        response = client.post(reverse("sign-in-code"), {"code": "99999x"})
    assert response["Location"] == reverse("login")
    assert client.get(reverse("sign-in-code"))["Location"] == reverse("login")


def test_a_recovery_code_gets_in_once(client, provider_admin):
    client.force_login(provider_admin)
    page = client.get(reverse("account-second-factor")).content.decode()
    device = TOTPDevice.objects.get(user=provider_admin, confirmed=False)
    done = client.post(reverse("account-second-factor"), {"code": _code(device.key)}).content.decode()
    recovery = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done)[0]
    assert "ksb-secret" in page
    client.logout()

    _sign_in(client, provider_admin)
    client.post(reverse("sign-in-code"), {"code": recovery})
    assert _signed_in(client)
    client.logout()
    _sign_in(client, provider_admin)
    assert "The code is not right" in client.post(reverse("sign-in-code"), {"code": recovery}).content.decode()


@pytest.mark.parametrize("kind", ["quality_reviewer", "superuser"])
def test_quality_reviewers_and_system_admins_need_it_too(client, kind):
    user = UserFactory(is_superuser=kind == "superuser", is_staff=kind == "superuser")
    if kind == "quality_reviewer":
        MembershipFactory(user=user, organisation=ProviderFactory(), role=Role.QUALITY_REVIEWER)
    assert _sign_in(client, user)["Location"] == reverse("sign-in-set-up")
    assert not _signed_in(client)
    assert client.get("/admin/login/")["Location"].startswith(reverse("login"))


def test_others_sign_in_with_a_password_unless_they_chose_an_app(client):
    learner = UserFactory()
    assert _sign_in(client, learner)["Location"] == reverse("home")
    assert f'href="{reverse("account-second-factor")}">Authenticator app</a>' in client.get(reverse("home")).content.decode()
    client.logout()
    _with_app(learner)
    assert _sign_in(client, learner)["Location"] == reverse("sign-in-code")
