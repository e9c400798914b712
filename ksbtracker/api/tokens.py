"""Personal access tokens: created and revoked by their owner, stored hashed, every use audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from ksbtracker.audit.api import record_change

from .models import AccessToken, TokenScope

__all__ = ["create_token", "revoke_token", "tokens_of", "token_for_user", "token_from_header_value"]

TOKEN_START = "ksb_"  # noqa: S105 (the marker every token starts with, not a secret)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_of(user):
    return AccessToken.objects.filter(user=user)


def token_for_user(user, token_id) -> AccessToken:
    try:
        return tokens_of(user).get(pk=int(token_id))
    except (AccessToken.DoesNotExist, ValueError, TypeError):
        raise Http404("No token found.") from None


@transaction.atomic
def create_token(*, user, name: str, scopes: Collection[str]) -> tuple[AccessToken, str]:
    """A new token and its secret (shown once: only its hash is kept)."""
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name for the token"
    if not scopes:
        errors["scopes"] = "Select what the token may do"
    elif set(scopes) - set(TokenScope.values):
        errors["scopes"] = "Select scopes from the list"
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = AccessToken.objects.create(
        user=user, name=name.strip()[:100], prefix=prefix, secret_hash=_hash(secret), scopes=sorted(scopes)
    )
    record_change(actor=user, action="api_token.created", instance=token,
                  after={"name": token.name, "scopes": token.scopes, "prefix": prefix})  # fmt: skip
    return token, secret


@transaction.atomic
def revoke_token(*, token: AccessToken, actor) -> AccessToken:
    token = AccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_change(actor=actor, action="api_token.revoked", instance=token, after={"prefix": token.prefix})
    return token


def token_from_header_value(value: str) -> AccessToken | None:
    """The active token whose secret this is, with its user; None for anything else."""
    if not value.startswith(TOKEN_START) or value.count("_") < 2:
        return None
    prefix = value[len(TOKEN_START) :].split("_", 1)[0]
    token = (
        AccessToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(value)):
        return None
    return token


def record_use(*, token: AccessToken, method: str, path: str, status: int) -> None:
    """Every request made with a token goes into the audit trail."""
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    record_change(actor=token.user, action="api_token.used", instance=token,
                  after={"method": method, "path": path[:300], "status": status})  # fmt: skip
