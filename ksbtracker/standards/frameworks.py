"""Load frameworks of criteria (NOMS core competences, NOS, Practice Framework) from JSON documents.

A framework document looks like this::

    {
      "framework": {"slug": ..., "title": ..., "short_title": ..., "kind": ..., "publisher": ...,
                    "published": ..., "description": ..., "source": ...},
      "criteria": [
        {"code": "3.1", "title": "Risk of Serious Harm", "text": "...", "mandatory_minimum_requirement": "",
         "assessable": false, "children": [{"code": "3.1 a", "text": "...", "assessable": true, ...}]}
      ]
    }

Loading is idempotent: a document whose content hash matches the stored framework changes nothing.
A changed document replaces the framework's criteria wholesale, in one transaction, with one audit event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ksbtracker.audit.api import record_change, snapshot

from .models import Criterion, Framework, FrameworkKind

__all__ = [
    "BUILTIN_FRAMEWORK_FILES",
    "DATA_DIR",
    "load_builtin_frameworks",
    "load_framework_document",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
BUILTIN_FRAMEWORK_FILES = (
    "noms-core-competences.json",
    "nos-probation-summary.json",
    "practice-framework-2015.json",
)

IMPORTED = "imported"
UNCHANGED = "unchanged"
UPDATED = "updated"

_FRAMEWORK_FIELDS = (
    "slug",
    "title",
    "short_title",
    "kind",
    "publisher",
    "published",
    "description",
    "source",
)
_CRITERION_TEXT_FIELDS = ("code", "title", "text", "mandatory_minimum_requirement")


@dataclass(frozen=True)
class _Row:
    """One criterion in document order, before it is saved."""

    position: int
    depth: int
    parent_position: int | None
    fields: dict[str, Any]


def load_framework_document(*, document: dict, source: str, actor=None) -> tuple[Framework, str]:
    """Create or update the framework described by ``document``; return it with "imported",
    "unchanged" or "updated".

    ``source`` says where the document was read from; it is kept as the framework's source when the
    document names none, and recorded in the audit event either way.
    """
    metadata = _framework_metadata(document, source=source)
    rows = list(_criterion_rows(document.get("criteria")))
    content_hash = _content_hash(document)

    with transaction.atomic():
        framework = Framework.objects.select_for_update().filter(slug=metadata["slug"]).first()
        if framework is not None and framework.content_hash == content_hash:
            return framework, UNCHANGED

        if framework is None:
            status, before = IMPORTED, None
            framework = Framework(**metadata, content_hash=content_hash)
        else:
            status = UPDATED
            before = _audit_state(framework)
            for name, value in metadata.items():
                setattr(framework, name, value)
            framework.content_hash = content_hash
        framework.full_clean()
        framework.save()

        framework.criteria.all().delete()
        _create_criteria(framework, rows)

        record_change(
            actor=actor,
            action=f"framework.{status}",
            instance=framework,
            before=before,
            after={**_audit_state(framework), "loaded_from": source},
        )
    return framework, status


def load_builtin_frameworks(*, actor=None) -> list[tuple[Framework, str]]:
    """Load the frameworks shipped in ``ksbtracker/standards/data``; return each with its status."""
    results = []
    for filename in BUILTIN_FRAMEWORK_FILES:
        path = DATA_DIR / filename
        document = json.loads(path.read_text(encoding="utf-8"))
        results.append(
            load_framework_document(
                document=document, source=f"ksbtracker/standards/data/{filename}", actor=actor
            )
        )
    return results


def _framework_metadata(document: Any, *, source: str) -> dict[str, str]:
    if not isinstance(document, dict) or not isinstance(document.get("framework"), dict):
        raise ValidationError("A framework document needs a 'framework' object.")
    raw = document["framework"]
    unknown = sorted(set(raw) - set(_FRAMEWORK_FIELDS))
    if unknown:
        raise ValidationError(f"Unknown framework field(s): {', '.join(unknown)}.")
    metadata = {}
    for name in _FRAMEWORK_FIELDS:
        value = raw.get(name, "")
        if not isinstance(value, str):
            raise ValidationError(f"Framework field '{name}' must be text.")
        metadata[name] = value.strip()
    for name in ("slug", "title", "kind"):
        if not metadata[name]:
            raise ValidationError(f"Framework field '{name}' is required.")
    if metadata["kind"] not in FrameworkKind.values:
        raise ValidationError(
            f"Framework kind '{metadata['kind']}' is not one of: {', '.join(FrameworkKind.values)}."
        )
    metadata["source"] = metadata["source"] or source
    return metadata


def _criterion_rows(criteria: Any) -> Iterator[_Row]:
    """Walk the nested criteria depth first, numbering positions in document order from 1."""
    if not isinstance(criteria, list) or not criteria:
        raise ValidationError("A framework document needs a non-empty 'criteria' list.")
    codes: set[str] = set()
    position = 0
    # An explicit stack keeps document order: items are pushed in reverse so that they pop in order.
    pending: list[tuple[Any, int, int | None]] = [(item, 0, None) for item in reversed(criteria)]
    while pending:
        item, depth, parent_position = pending.pop()
        position += 1
        fields = _criterion_fields(item, position=position, codes=codes)
        yield _Row(position=position, depth=depth, parent_position=parent_position, fields=fields)
        children = item.get("children", [])
        if not isinstance(children, list):
            raise ValidationError(f"Criterion {fields['code'] or position}: 'children' must be a list.")
        for child in reversed(children):
            pending.append((child, depth + 1, position))


def _criterion_fields(item: Any, *, position: int, codes: set[str]) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValidationError(f"Criterion at position {position} must be an object.")
    unknown = sorted(set(item) - {*_CRITERION_TEXT_FIELDS, "assessable", "children"})
    if unknown:
        raise ValidationError(f"Criterion at position {position} has unknown field(s): {', '.join(unknown)}.")
    fields: dict[str, Any] = {}
    for name in _CRITERION_TEXT_FIELDS:
        value = item.get(name, "")
        if not isinstance(value, str):
            raise ValidationError(f"Criterion at position {position}: '{name}' must be text.")
        fields[name] = value.strip()
    label = fields["code"] or f"at position {position}"
    assessable = item.get("assessable", True)
    if not isinstance(assessable, bool):
        raise ValidationError(f"Criterion {label}: 'assessable' must be true or false.")
    fields["assessable"] = assessable
    if not (fields["code"] or fields["title"] or fields["text"]):
        raise ValidationError(f"Criterion at position {position} has no code, title or text.")
    if assessable and not fields["text"]:
        raise ValidationError(f"Criterion {label} is assessable but has no text.")
    for name, limit in (("code", 40), ("title", 300)):
        if len(fields[name]) > limit:
            raise ValidationError(f"Criterion {label}: '{name}' is longer than {limit} characters.")
    if fields["code"]:
        if fields["code"] in codes:
            raise ValidationError(f"Criterion code '{fields['code']}' is used more than once.")
        codes.add(fields["code"])
    return fields


def _create_criteria(framework: Framework, rows: list[_Row]) -> None:
    """Insert the rows level by level, so that each parent has its primary key before its children."""
    saved: dict[int, Criterion] = {}
    for depth in sorted({row.depth for row in rows}):
        level = [row for row in rows if row.depth == depth]
        objects = [
            Criterion(
                framework=framework,
                parent=saved[row.parent_position] if row.parent_position is not None else None,
                position=row.position,
                depth=row.depth,
                **row.fields,
            )
            for row in level
        ]
        created = Criterion.objects.bulk_create(objects)
        saved.update({row.position: criterion for row, criterion in zip(level, created, strict=True)})


def _content_hash(document: dict) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _audit_state(framework: Framework) -> dict[str, Any]:
    criteria = framework.criteria.all()
    return {
        **snapshot(framework),
        "criteria": criteria.count(),
        "assessable_criteria": criteria.filter(assessable=True).count(),
    }
