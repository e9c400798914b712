"""Signing keys, kept outside the database: HMAC-SHA-256 under a named key, old keys kept for checking.

Keys come from the ``SIGNING_KEYS`` environment variable (``id=secret`` pairs separated by commas) or, when
that is empty, from the file named by ``SIGNING_KEYS_FILE`` (one ``id secret`` pair a line). The first key
signs; every key listed verifies, so rotating means putting a new key first and keeping the old ones below
it. Without either, a development key is generated once into ``.ksbtracker-signing-keys`` in the working
directory (as the secret key is), for the demo and the tests.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

__all__ = ["seal", "check", "current_key_id", "known_key_ids"]

DEV_KEYS_FILE = ".ksbtracker-signing-keys"


def _parse(pairs: list[tuple[str, str]], origin: str) -> tuple[tuple[str, bytes], ...]:
    keys = tuple((key_id.strip(), secret.strip().encode()) for key_id, secret in pairs if key_id.strip())
    if not keys or any(len(secret) < 32 for _, secret in keys):
        raise RuntimeError(f"Signing keys in {origin} must each have an id and a secret of 32 characters or more.")
    return keys


@lru_cache(maxsize=8)
def _load(inline: str, path: str) -> tuple[tuple[str, bytes], ...]:
    if inline.strip():
        return _parse([item.partition("=")[::2] for item in inline.split(",") if item.strip()], "SIGNING_KEYS")
    key_file = Path(path)
    if not key_file.exists():
        key_file.write_text(f"dev-{timezone.now():%Y%m%d} {secrets.token_urlsafe(48)}\n")
        key_file.chmod(0o600)
    lines = [line.split(None, 1) for line in key_file.read_text().splitlines() if line.strip()]
    return _parse([(parts[0], parts[-1]) for parts in lines if not parts[0].startswith("#")], str(key_file))


def _keys() -> tuple[tuple[str, bytes], ...]:
    inline = getattr(settings, "SIGNING_KEYS", "") or ""
    path = getattr(settings, "SIGNING_KEYS_FILE", "") or os.path.join(os.getcwd(), DEV_KEYS_FILE)
    return _load(inline, str(path))


def current_key_id() -> str:
    return _keys()[0][0]


def known_key_ids() -> list[str]:
    return [key_id for key_id, _ in _keys()]


def _mac(secret: bytes, message: bytes) -> str:
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def seal(message: bytes) -> tuple[str, str]:
    """(key id, HMAC-SHA-256 of ``message`` under the current key)."""
    key_id, secret = _keys()[0]
    return key_id, _mac(secret, message)


def check(message: bytes, key_id: str, mac: str) -> bool:
    """Whether ``mac`` is the HMAC of ``message`` under the named key (False for an unknown key)."""
    secret = dict(_keys()).get(key_id)
    return secret is not None and hmac.compare_digest(_mac(secret, message), mac)
