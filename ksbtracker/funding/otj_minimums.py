"""Writes for published minimum OTJ hours: record, change and import from CSV. Every change is audited.

A CSV import is all-or-nothing per row: a row either loads whole or not at all, and the report says which
rows loaded and exactly why any did not. Nothing here raises on bad input from a file.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ksbtracker.audit.api import record_change, snapshot

from .models import PublishedOTJMinimum

__all__ = [
    "COLUMNS",
    "ImportReport",
    "change_published_minimum",
    "import_published_minimums",
    "record_published_minimum",
]

COLUMNS = ("standard reference", "version", "minimum hours", "effective from", "effective to", "source")


@transaction.atomic
def record_published_minimum(*, actor, values: dict[str, Any]) -> PublishedOTJMinimum:
    """Store a standard version's published minimum OTJ hours for starts in the effective dates."""
    minimum = PublishedOTJMinimum(**values)
    minimum.full_clean()
    minimum.save()
    record_change(
        actor=actor, action="published_otj_minimum.added", instance=minimum, after=snapshot(minimum)
    )
    return minimum


@transaction.atomic
def change_published_minimum(
    *, actor, minimum: PublishedOTJMinimum, values: dict[str, Any]
) -> PublishedOTJMinimum:
    """Correct a recorded figure; the audit trail keeps what it was."""
    before = snapshot(minimum)
    for name, value in values.items():
        setattr(minimum, name, value)
    minimum.full_clean()
    minimum.save()
    record_change(
        actor=actor,
        action="published_otj_minimum.changed",
        instance=minimum,
        before=before,
        after=snapshot(minimum),
    )
    return minimum


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return (
            [f"Added: {line}" for line in self.added]
            + [f"Changed: {line}" for line in self.changed]
            + [f"Already recorded: {line}" for line in self.unchanged]
            + [f"Not loaded: {line}" for line in self.refused]
        )


def import_published_minimums(*, actor, text: str, source_name: str = "") -> ImportReport:
    """Load published minimums from CSV text with the columns in ``COLUMNS`` (a header row first).

    Raises ``ValidationError`` only when the file as a whole cannot be read (no header, columns missing).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = {_column(name): name for name in (reader.fieldnames or []) if name}
    missing = [column for column in COLUMNS if column not in headers]
    if missing:
        raise ValidationError(
            f"The file needs a header row with the columns: {', '.join(COLUMNS)}. Missing: {', '.join(missing)}."
        )
    report = ImportReport()
    for number, row in enumerate(reader, start=2):
        values = {column: (row.get(headers[column]) or "").strip() for column in COLUMNS}
        if not any(values.values()):
            continue
        try:
            with transaction.atomic():
                outcome, label = _load_row(actor=actor, values=values, source_name=source_name)
        except ValidationError as error:
            report.refused.append(f"row {number}: {' '.join(error.messages)}")
        else:
            getattr(report, outcome).append(f"row {number}: {label}")
    return report


def _load_row(*, actor, values: dict[str, str], source_name: str) -> tuple[str, str]:
    parsed = {
        "reference_number": values["standard reference"].upper(),
        "version": values["version"],
        "minimum_hours": _whole_number(values["minimum hours"]),
        "effective_from": _date(values["effective from"], "effective from", required=True),
        "effective_to": _date(values["effective to"], "effective to", required=False),
        "source": values["source"] or source_name,
    }
    if not parsed["reference_number"] or not parsed["version"]:
        raise ValidationError("the standard reference and version are both needed")
    existing = PublishedOTJMinimum.objects.filter(
        reference_number=parsed["reference_number"],
        version=parsed["version"],
        effective_from=parsed["effective_from"],
    ).first()
    if existing is None:
        minimum = record_published_minimum(actor=actor, values=parsed)
        return "added", str(minimum)
    if all(getattr(existing, name) == value for name, value in parsed.items()):
        return "unchanged", str(existing)
    minimum = change_published_minimum(actor=actor, minimum=existing, values=parsed)
    return "changed", str(minimum)


def _column(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").split())


def _whole_number(text: str) -> int:
    try:
        number = int(text.replace(",", ""))
    except ValueError:
        raise ValidationError(f"minimum hours must be a whole number (got {text!r})") from None
    if number < 1:
        raise ValidationError(f"minimum hours must be 1 or more (got {number})")
    return number


def _date(text: str, column: str, *, required: bool) -> datetime.date | None:
    if not text:
        if required:
            raise ValidationError(f"{column} is needed")
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(f"{column} must be a real date written YYYY-MM-DD or DD/MM/YYYY (got {text!r})")
