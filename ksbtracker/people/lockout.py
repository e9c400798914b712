"""Sign-in lockout (django-axes): failures counted per email address and per network address.

An email address counts as one account in any letter case, as sign-in itself treats it, so typing
``LOCKME@example.org`` does not earn five more guesses at ``lockme@example.org``. A network address that
fails many times across any accounts (a flood of guesses at many addresses) is locked as well, with a
higher limit so that a shared office network is not locked by one person's typing. A successful sign-in
clears only that account's failures, never the other accounts tried from the same address.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

__all__ = ["SignInLockout", "client_address", "normalised_email"]


def normalised_email(request, credentials) -> str | None:
    """The email address typed, as the account it names: trimmed and case-folded."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    typed = source.get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return typed.strip().casefold()[:255] or None


def client_address(request) -> str | None:
    """The client's address: behind the HTTPS proxy, the one the proxy appended to X-Forwarded-For."""
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.rsplit(",", 1)[-1].strip()[:45] or None
    return request.META.get("REMOTE_ADDR")


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SignInLockout(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        by_account = _failures(recent.filter(username=get_client_username(request, credentials)))
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        if by_address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(by_account, get_failure_limit(request, credentials))
        return by_account

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
