"""Public surface of the audit app: record a change of state; read the trail."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models

from .chain import append
from .models import AuditEvent

__all__ = ["record_change", "events_for_object", "snapshot", "fingerprint", "AuditEvent"]

SYSTEM_ACTOR = "system"


def snapshot(instance: models.Model, *, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` as a JSON-friendly dict (foreign keys by id)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    result = {}
    for name in names:
        value = getattr(instance, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        result[name] = value
    return result


def record_change(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the audit trail's chain. ``actor`` is a user or None for the system."""
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_label = object_label or str(instance)[:300]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return append(
        actor=actor if is_user else None,
        actor_label=(getattr(actor, "email", "") if is_user else SYSTEM_ACTOR) or SYSTEM_ACTOR,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:300],
        before=before,
        after=after,
    )


def events_for_object(*, object_type: str, object_id: str):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).select_related(
        "actor"
    )


def fingerprint(content: Any) -> str:
    """SHA-256 of ``content`` as canonical JSON: what a signature records of exactly what was signed."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
