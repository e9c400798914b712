"""This service's Ed25519 key, which signs the learner records it exports.

The private key comes from ``INSTANCE_KEY`` (PEM text) or, when that is empty, from the PEM file named by
``INSTANCE_KEY_FILE``; without either, one is generated once into ``.ksbtracker-instance-key`` in the working
directory. The public key is shown on the "About this service" page and travels in every exported file.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

__all__ = ["sign", "public_key_text", "key_fingerprint", "verify"]

DEV_KEY_FILE = ".ksbtracker-instance-key"


@lru_cache(maxsize=4)
def _load(inline: str, path: str) -> Ed25519PrivateKey:
    if inline.strip():
        pem = inline.strip().encode()
    else:
        key_file = Path(path)
        if not key_file.exists():
            fresh = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            key_file.write_bytes(fresh)
            key_file.chmod(0o600)
        pem = key_file.read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise RuntimeError("The instance key must be an Ed25519 private key in PEM format.")
    return key


def _private_key() -> Ed25519PrivateKey:
    inline = getattr(settings, "INSTANCE_KEY", "") or ""
    path = getattr(settings, "INSTANCE_KEY_FILE", "") or os.path.join(os.getcwd(), DEV_KEY_FILE)
    return _load(inline, str(path))


def public_key_text() -> str:
    """The public key as base64 of its 32 raw bytes."""
    raw = _private_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def key_fingerprint(public_key: str | None = None) -> str:
    """A short SHA-256 fingerprint of a public key (this service's by default), in groups of four."""
    digest = hashlib.sha256(base64.b64decode(public_key or public_key_text())).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def sign(message: bytes) -> str:
    return base64.b64encode(_private_key().sign(message)).decode()


def verify(message: bytes, signature: str, public_key: str) -> bool:
    """Whether ``signature`` (base64) is the Ed25519 signature of ``message`` under ``public_key`` (base64)."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
