"""Sign a record, and check each of its signatures against the signing key and the record as it is now.

What is signed is a canonical text of: the record, a SHA-256 fingerprint of its content (which includes
the KSB texts shown), the signer's user id and name as shown, the role they signed for, the time, and the
previous signature on the same record. The text and its HMAC are stored with the signature; the key is not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date

from ksbtracker import keyring
from ksbtracker.audit.api import fingerprint, record_change

from .models import Signature

__all__ = ["Signature", "SignatureCheck", "sign_record", "verify_record", "content_fingerprint"]

content_fingerprint = fingerprint


@dataclass(frozen=True)
class SignatureCheck:
    """One signature and what, if anything, no longer agrees with what was signed."""

    signature: Signature
    problems: tuple[str, ...]

    @property
    def verified(self) -> bool:
        return not self.problems


def _record_label(record) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def _link(signature: Signature | None) -> str:
    """How a signature is named by the one after it on the same record."""
    if signature is None:
        return ""
    return signature.mac or signature.content_hash


def _canonical(claims: dict) -> str:
    return json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sign_record(
    *, record, content, role: str | None, actor, required_roles: Iterable[str], noun: str, action: str
) -> tuple[Signature, bool]:
    """Sign ``content`` of ``record`` (whose ``signatures`` relation holds them) for ``role`` as ``actor``.

    Returns (signature, every required role has now signed). The caller holds the record locked, checks it
    is waiting for signatures and, when complete, locks it.
    """
    if role is None:
        raise PermissionDenied(f"You do not sign this {noun}.")
    if record.signatures.filter(role=role).exists():
        raise ValidationError(f"You have already signed this {noun} for the {role.replace('_', ' ')}.")
    previous = record.signatures.order_by("-pk").first()
    at = timezone.now()
    content_hash = fingerprint(content)
    signed_record = _canonical({
        "record": _record_label(record), "content": content_hash,
        "signer": {"id": actor.pk, "name": actor.full_name}, "role": role, "at": at.isoformat(),
        "previous": _link(previous),
    })  # fmt: skip
    key_id, mac = keyring.seal(signed_record.encode())
    signature = record.signatures.create(
        role=role, signed_by=actor, signer_name=actor.full_name, signed_at=at, content_hash=content_hash,
        signed_record=signed_record, key_id=key_id, mac=mac,
    )  # fmt: skip
    record_change(
        actor=actor, action=action, instance=record,
        after={"role": role, "hash": content_hash, "key": key_id, "signature": mac},
    )  # fmt: skip
    complete = set(record.signatures.values_list("role", flat=True)) >= set(required_roles)
    return signature, complete


def _when(value: datetime) -> str:
    return format_date(timezone.localtime(value), "j F Y H:i:s")


def _claims(signature: Signature) -> dict | None:
    """What was signed, read back from the stored text (None when it cannot be read)."""
    try:
        claims = json.loads(signature.signed_record)
        return {
            "record": claims["record"], "content": claims["content"], "signer_id": claims["signer"]["id"],
            "signer_name": claims["signer"]["name"], "role": claims["role"],
            "at": datetime.fromisoformat(claims["at"]), "previous": claims["previous"],
        }  # fmt: skip
    except (ValueError, TypeError, KeyError):
        return None


def _key_problems(signature: Signature) -> list[str]:
    if signature.key_id not in keyring.known_key_ids():
        return [f"it was made with a key this service does not hold ({signature.key_id or 'none'})"]
    if not keyring.check(signature.signed_record.encode(), signature.key_id, signature.mac):
        return ["the signature does not check against the signing key: what was signed has been altered"]
    return []


def _differences(signature: Signature, claims: dict, *, record_label: str, current_hash: str, previous: str):
    if claims["content"] != current_hash:
        yield "the content has changed since it was signed"
    if claims["record"] != record_label:
        yield "it was made for a different record"
    if claims["signer_id"] != signature.signed_by_id or claims["signer_name"] != signature.signer_name:
        yield (
            f"the signer differs: {claims['signer_name']} signed, but the record now names "
            f"{signature.signer_name or 'someone else'} (user {signature.signed_by_id})"
        )
    if claims["role"] != signature.role:
        yield f"the role differs: signed as {str(claims['role']).replace('_', ' ')}"
    if claims["at"] != signature.signed_at:
        yield f"the time differs: signed {_when(claims['at'])}, but the record now says {_when(signature.signed_at)}"
    if claims["previous"] != previous:
        yield "an earlier signature on this record has been changed or removed"


def _problems(signature: Signature, *, record_label: str, current_hash: str, previous: str) -> list[str]:
    if not signature.mac:
        return ["signed before signatures were keyed, so it cannot be verified"] + (
            ["the content has changed since it was signed"] if signature.content_hash != current_hash else []
        )
    problems = _key_problems(signature)
    claims = _claims(signature)
    if claims is None:
        return [*problems, "what was signed cannot be read"]
    return problems + list(
        _differences(signature, claims, record_label=record_label, current_hash=current_hash, previous=previous)
    )


def verify_record(record, content, signatures: Iterable[Signature] | None = None) -> list[SignatureCheck]:
    """Check each signature on ``record`` against the key and ``content``, the record's content now."""
    signatures = list(record.signatures.select_related("signed_by") if signatures is None else signatures)
    if not signatures:
        return []
    current_hash, record_label, previous_link = fingerprint(content), _record_label(record), ""
    checks = []
    for signature in sorted(signatures, key=lambda s: s.pk):
        problems = _problems(signature, record_label=record_label, current_hash=current_hash, previous=previous_link)
        checks.append(SignatureCheck(signature, tuple(problems)))
        previous_link = _link(signature)
    return checks
