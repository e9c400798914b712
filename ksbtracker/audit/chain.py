"""The audit trail as one chain: numbered events, each naming the hash of the one before, each keyed.

An event's ``hash`` is the HMAC-SHA-256 (under the signing key, see ``ksbtracker.keyring``) of all its
fields and the previous event's hash, so an event altered, removed or inserted by someone with database
access breaks the chain. A signed checkpoint records how far the chain had got, so a trail cut short after
it shows too. Writers take a lock on the chain: PostgreSQL an advisory lock held to the end of the writing
transaction; SQLite is opened with ``BEGIN IMMEDIATE`` (see settings), so one writer at a time already.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from ksbtracker import keyring

from .models import AuditCheckpoint, AuditEvent

__all__ = ["append", "write_checkpoint", "verify_chain", "ChainReport"]

CHAIN_LOCK = 4_801_202_611  # the PostgreSQL advisory lock id for appending to the chain


def stored_json(value):
    """``value`` as the JSON column gives it back (Decimals and dates as strings, tuples as lists)."""
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def event_text(event) -> bytes:
    """The canonical text of an event that its hash covers."""
    fields = {
        "sequence": event.sequence, "at": event.at.astimezone(datetime.UTC).isoformat(),
        "actor": event.actor_id, "actor_label": event.actor_label, "action": event.action,
        "object_type": event.object_type, "object_id": event.object_id, "object_label": event.object_label,
        "before": event.before, "after": event.after, "previous": event.previous_hash,
    }  # fmt: skip
    for name in ("enrolment_ref", "provider_ref"):  # absent from events recorded before they existed
        if getattr(event, name) is not None:
            fields[name] = getattr(event, name)
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _checkpoint_text(sequence: int, event_hash: str) -> bytes:
    return f"audit-checkpoint:{sequence}:{event_hash}".encode()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def _head():
    return AuditEvent.objects.filter(sequence__isnull=False).order_by("-sequence").only("sequence", "hash").first()


def append(**fields) -> AuditEvent:
    """Add an event at the head of the chain (and a checkpoint every AUDIT_CHECKPOINT_EVERY events)."""
    with transaction.atomic():
        _lock_chain()
        head = _head()
        event = AuditEvent(**fields)
        event.sequence = head.sequence + 1 if head else 1
        event.previous_hash = head.hash if head else ""
        event.before, event.after = stored_json(event.before), stored_json(event.after)
        event.key_id, event.hash = keyring.seal(event_text(event))
        event.save()
        if event.sequence % getattr(settings, "AUDIT_CHECKPOINT_EVERY", 100) == 0:
            _checkpoint(event)
    return event


def _checkpoint(event: AuditEvent) -> AuditCheckpoint:
    key_id, mac = keyring.seal(_checkpoint_text(event.sequence, event.hash))
    return AuditCheckpoint.objects.create(sequence=event.sequence, event_hash=event.hash, key_id=key_id, mac=mac)


def write_checkpoint() -> AuditCheckpoint | None:
    """Sign where the chain has got to now (None while the trail is empty)."""
    with transaction.atomic():
        _lock_chain()
        head = _head()
        return _checkpoint(head) if head else None


@dataclass
class ChainReport:
    events: int = 0
    last_sequence: int = 0
    checkpoints: int = 0
    problem: str = ""


def _event_problem(event: AuditEvent, previous_sequence: int, previous_hash: str, signed: dict) -> str:
    sequence = event.sequence
    if sequence != previous_sequence + 1:
        missing = previous_sequence + 1
        span = f"event {missing} is" if sequence == missing + 1 else f"events {missing} to {sequence - 1} are"
        return f"{span} missing (the trail goes from event {previous_sequence} to event {sequence})"
    if event.previous_hash != previous_hash:
        return f"event {sequence} does not follow event {previous_sequence}: the hash it names differs"
    if event.key_id not in keyring.known_key_ids():
        return f"event {sequence} was made with a key this service does not hold ({event.key_id or 'none'})"
    if not keyring.check(event_text(event), event.key_id, event.hash):
        return f"event {sequence} ({event.action} on {event.object_type} {event.object_id}) has been altered"
    if sequence in signed and signed[sequence] != event.hash:
        return f"event {sequence} is not the event its checkpoint recorded"
    return ""


def verify_chain() -> ChainReport:
    """Walk the whole trail; ``problem`` describes the first break found ('' when there is none)."""
    report = ChainReport()
    checkpoints = list(AuditCheckpoint.objects.order_by("sequence", "id"))
    report.checkpoints = len(checkpoints)
    for checkpoint in checkpoints:
        text = _checkpoint_text(checkpoint.sequence, checkpoint.event_hash)
        if not keyring.check(text, checkpoint.key_id, checkpoint.mac):
            report.problem = f"the checkpoint at event {checkpoint.sequence} has been altered or forged"
            return report
    outside = AuditEvent.objects.filter(sequence__isnull=True).order_by("id").first()
    if outside is not None:
        report.problem = f"event id {outside.pk} ({outside.action}) was added outside the chain"
        return report
    signed = {checkpoint.sequence: checkpoint.event_hash for checkpoint in checkpoints}
    previous_hash = ""
    for event in AuditEvent.objects.filter(sequence__isnull=False).order_by("sequence").iterator(chunk_size=2000):
        report.problem = _event_problem(event, report.last_sequence, previous_hash, signed)
        if report.problem:
            return report
        report.events += 1
        report.last_sequence, previous_hash = event.sequence, event.hash
    if checkpoints and checkpoints[-1].sequence > report.last_sequence:
        latest = checkpoints[-1]
        report.problem = (
            f"the trail ends at event {report.last_sequence}, but a checkpoint of {latest.at:%Y-%m-%d %H:%M} "
            f"recorded event {latest.sequence}: the events after {report.last_sequence} have been removed"
        )
    return report
