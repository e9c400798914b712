"""Email notifications through Django's mail settings (the console in the demo). Sent after the change commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q

from .models import Role, User

__all__ = ["notify", "provider_admins_of", "absolute_url"]


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def provider_admins_of(enrolment) -> list[User]:
    return list(
        User.objects.filter(
            Q(memberships__organisation_id=enrolment.provider_id, memberships__role=Role.PROVIDER_ADMIN),
            is_active=True,
        ).distinct()
    )


def notify(
    *, recipients: Iterable[User | None], subject: str, message: str, path: str = "", exclude=None
) -> None:
    """Email each active recipient (once) when the current transaction commits; never the person acting."""
    emails = sorted(
        {u.email for u in recipients if u is not None and u.is_active and u.email and u != exclude}
    )
    if not emails:
        return
    body = message + (f"\n\n{absolute_url(path)}" if path else "") + "\n\nKSB Tracker"
    messages = [(f"KSB Tracker: {subject}", body, None, [email]) for email in emails]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
