"""A second factor at sign-in: a code from an authenticator app (TOTP, django-otp) or a one-use recovery code.

Required for provider admins, quality reviewers and system admins; anyone else may set one up, and is then
asked for a code too. Setting one up and using a recovery code are audited.
"""

from __future__ import annotations

from base64 import b32encode

from django.db import transaction
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ksbtracker.audit.api import record_change

from .access import roles_of
from .models import Role

__all__ = [
    "RECOVERY_CODES", "check_code", "confirm_authenticator", "has_second_factor", "is_required",
    "new_authenticator", "secret_text",
]  # fmt: skip

REQUIRED_ROLES = {Role.PROVIDER_ADMIN, Role.QUALITY_REVIEWER}
RECOVERY_CODES = 10
APP_NAME = "Authenticator app"


def is_required(user) -> bool:
    return bool(user.is_superuser or user.is_staff or roles_of(user) & REQUIRED_ROLES)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_authenticator(user) -> TOTPDevice:
    """A new secret for the person's app, not used until they type a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str:
    return "".join(str(code).split()).replace("-", "")[:16]


@transaction.atomic
def confirm_authenticator(device: TOTPDevice, code: str, *, actor) -> list[str] | None:
    """Confirm the app with a code from it; returns new recovery codes (replacing any old ones), or None."""
    if device.confirmed or not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save()
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    record_change(actor=actor, action="second_factor.set_up", instance=device.user,
                  after={"authenticator": device.pk, "recovery_codes": len(codes)})  # fmt: skip
    return codes


def check_code(user, code: str):
    """The device that accepts ``code`` (an app's code or an unused recovery code), or None."""
    device = match_token(user, _digits(code))
    if isinstance(device, StaticDevice):
        record_change(actor=user, action="second_factor.recovery_code_used", instance=user,
                      after={"recovery_codes_left": device.token_set.count()})  # fmt: skip
    return device
