"""The signing step shared by skills scans, training plans and progress reviews."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError

from ksbtracker.audit.api import record_change

__all__ = ["add_signature", "signature_rows"]


def add_signature(
    *,
    record,
    role: str | None,
    actor,
    content_hash: str,
    required_roles: Iterable[str],
    noun: str,
    action: str,
):
    """Record ``actor``'s signature for ``role`` on ``record`` (whose ``signatures`` relation holds them).

    Returns (signature, every required role has now signed). The caller checks the record is waiting for
    signatures and, when complete, locks it.
    """
    if role is None:
        raise PermissionDenied(f"You do not sign this {noun}.")
    if record.signatures.filter(role=role).exists():
        raise ValidationError(f"You have already signed this {noun} for the {role.replace('_', ' ')}.")
    signature = record.signatures.create(role=role, signed_by=actor, content_hash=content_hash)
    record_change(actor=actor, action=action, instance=record, after={"role": role, "hash": content_hash})
    complete = set(record.signatures.values_list("role", flat=True)) >= set(required_roles)
    return signature, complete


def signature_rows(signatures, current_hash: str) -> list[tuple]:
    """(signature, whether the record still matches what was signed) for display."""
    return [(s, s.content_hash == current_hash) for s in signatures]
