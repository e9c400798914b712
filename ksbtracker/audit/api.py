"""Public surface of the audit app: record a change of state; read the trail."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models

from .chain import append
from .models import AuditEvent

__all__ = ["record_change", "events_for_object", "snapshot", "fingerprint", "scope_of", "AuditEvent"]

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
    provider_id: int | None = None,
) -> AuditEvent:
    """Append one event to the audit trail's chain. ``actor`` is a user or None for the system.

    The apprenticeship and organisation the event is about are taken from ``instance`` (see ``scope_of``)
    so that the trail page can show each person only their records; ``provider_id`` names the
    organisation when there is no instance to take it from.
    """
    enrolment_ref, provider_ref = scope_of(instance)
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
        enrolment_ref=enrolment_ref,
        provider_ref=provider_ref or provider_id,
    )


PARENTS = ("scan", "plan", "review", "evidence", "prior_learning", "sample")


def scope_of(instance) -> tuple[int | None, int | None]:
    """(apprenticeship id, organisation id) that ``instance`` belongs to, read from its foreign keys."""
    if instance is None:
        return None, None
    label = instance._meta.label_lower
    if label == "people.enrolment":
        return instance.pk, instance.provider_id
    if label == "people.organisation":
        return None, instance.pk
    if getattr(instance, "enrolment_id", None) is not None:
        return instance.enrolment_id, instance.enrolment.provider_id
    for parent in PARENTS:
        if getattr(instance, f"{parent}_id", None) is not None:
            return scope_of(getattr(instance, parent))
    organisation = getattr(instance, "provider_id", None) or getattr(instance, "organisation_id", None)
    return None, organisation if isinstance(organisation, int) else None


def events_for_object(*, object_type: str, object_id: str):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).select_related(
        "actor"
    )


def fingerprint(content: Any) -> str:
    """SHA-256 of ``content`` as canonical JSON: what a signature records of exactly what was signed."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
