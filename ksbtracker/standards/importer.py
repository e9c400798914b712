"""Import apprenticeship standards as published by the standards API (one JSON object per file).

``parse_standard_document`` checks a document and turns it into a ``ParsedStandard`` without touching the
database. ``import_standard_document`` stores one, all or nothing; ``import_standard_paths`` reads files.
The parse rules (codes by position, mappings by GUID, what fails a file) are in ``parsing``'s docstrings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from ksbtracker.audit.api import record_change

from .models import KSB, Duty, StandardOption, StandardVersion
from .parsing import parse_standard_document
from .published_format import ParsedStandard

__all__ = [
    "IMPORTED",
    "UNCHANGED",
    "FAILED",
    "ImportOutcome",
    "ParsedStandard",
    "parse_standard_document",
    "import_standard_document",
    "import_standard_paths",
]

IMPORTED = "imported"
UNCHANGED = "unchanged"
FAILED = "failed"


@dataclass
class ImportOutcome:
    """What happened to one file: ``status`` is "imported", "unchanged" or "failed"."""

    source: str
    status: str
    standard: StandardVersion | None = None
    messages: list[str] = field(default_factory=list)
    # True when the file was stored but something in it could not be resolved (said in ``messages``).
    needed_care: bool = False


def import_standard_document(*, document: object, source: str, actor=None) -> ImportOutcome:
    """Store one standards API document as a standard version, all or nothing.

    A version already stored with the same content is left alone ("unchanged", no audit event). One
    whose content differs has its KSBs, duties and options replaced. Unresolvable mapped GUIDs do not
    fail the file: they are kept on the duty and reported, and the outcome is marked ``needed_care``.
    """
    try:
        parsed = parse_standard_document(document=document, source=source)
    except ValidationError as error:
        return ImportOutcome(source=source, status=FAILED, messages=list(error.messages))
    try:
        with transaction.atomic():
            standard, status, messages = _store(parsed=parsed, source=source, actor=actor)
    except DatabaseError as error:
        # The rows would not go in (e.g. KSBs protected by records that use them): nothing was kept.
        message = f"{source}: {parsed.label} could not be stored, nothing was changed: {error}"
        return ImportOutcome(source=source, status=FAILED, messages=[message])
    if status == UNCHANGED:
        return ImportOutcome(source=source, status=status, standard=standard)
    return ImportOutcome(
        source=source,
        status=status,
        standard=standard,
        messages=[*messages, *parsed.care_messages],
        needed_care=bool(parsed.care_messages),
    )


def import_standard_paths(*, paths: list[Path], actor=None) -> list[ImportOutcome]:
    """Import each file in ``paths``; a folder stands for every ``*.json`` file in it, in name order.

    Raises ``FileNotFoundError`` before importing anything if a path does not exist. A file that cannot
    be read or parsed is reported as "failed" and the others are still imported.
    """
    paths = [Path(path) for path in paths]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise FileNotFoundError(f"No such file or folder: {', '.join(missing)}")
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(p for p in path.glob("*.json") if p.is_file()) if path.is_dir() else [path])
    return [_import_file(path=path, actor=actor) for path in files]


def _import_file(*, path: Path, actor) -> ImportOutcome:
    source = path.name
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        reason = f"{source}: the file is not UTF-8 text ({error.reason} at byte {error.start})"
        return ImportOutcome(source=source, status=FAILED, messages=[reason])
    except json.JSONDecodeError as error:
        reason = f"{source}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        return ImportOutcome(source=source, status=FAILED, messages=[reason])
    except OSError as error:
        return ImportOutcome(
            source=source, status=FAILED, messages=[f"{source}: cannot read: {error.strerror}"]
        )
    return import_standard_document(document=document, source=source, actor=actor)


def _store(*, parsed: ParsedStandard, source: str, actor) -> tuple[StandardVersion, str, list[str]]:
    standard = (
        StandardVersion.objects.select_for_update()
        .filter(reference_number=parsed.reference_number, version=parsed.version)
        .first()
    )
    if standard is not None and standard.content_hash == parsed.content_hash:
        return standard, UNCHANGED, []
    before = None
    messages = []
    if standard is None:
        standard = StandardVersion(reference_number=parsed.reference_number, version=parsed.version)
    else:
        before = _audit_summary(standard)
        standard.duties.all().delete()
        standard.ksbs.all().delete()
        standard.options.all().delete()
        messages.append(f"{source}: {parsed.label} was already stored with different content; it was updated")
    for name, value in parsed.columns().items():
        setattr(standard, name, value)
    standard.source = source
    standard.save()
    _create_rows(standard=standard, parsed=parsed)
    record_change(
        actor=actor,
        action="standard.updated" if before else "standard.imported",
        instance=standard,
        before=before,
        after=_audit_summary(standard),
    )
    return standard, IMPORTED, messages


def _create_rows(*, standard: StandardVersion, parsed: ParsedStandard) -> None:
    ksbs = KSB.objects.bulk_create(
        KSB(
            standard_version=standard,
            kind=ksb.kind,
            number=ksb.number,
            text=ksb.text,
            source_text=ksb.source_text,
            guid=ksb.guid,
        )
        for ksb in parsed.ksbs
    )
    options = StandardOption.objects.bulk_create(
        StandardOption(
            standard_version=standard, guid=option.guid, title=option.title, position=option.position
        )
        for option in parsed.options
    )
    duties = Duty.objects.bulk_create(
        Duty(
            standard_version=standard,
            number=duty.number,
            guid=duty.guid,
            text=duty.text,
            source_text=duty.source_text,
            is_core=duty.is_core,
            criteria_for_measuring_performance=duty.criteria,
            unresolved_guids=duty.unresolved_guids,
            source_extra=duty.source_extra,
        )
        for duty in parsed.duties
    )
    ksb_ids = {ksb.guid: ksb.pk for ksb in ksbs}
    option_ids = {option.guid: option.pk for option in options}
    Duty.ksbs.through.objects.bulk_create(
        Duty.ksbs.through(duty_id=duty.pk, ksb_id=ksb_ids[guid])
        for duty, parsed_duty in zip(duties, parsed.duties, strict=True)
        for guid in parsed_duty.ksb_guids
    )
    Duty.options.through.objects.bulk_create(
        Duty.options.through(duty_id=duty.pk, standardoption_id=option_ids[guid])
        for duty, parsed_duty in zip(duties, parsed.duties, strict=True)
        for guid in parsed_duty.option_guids
    )


def _audit_summary(standard: StandardVersion) -> dict:
    return {
        "title": standard.title,
        "source": standard.source,
        "content_hash": standard.content_hash,
        "ksbs": standard.ksbs.count(),
        "duties": standard.duties.count(),
        "options": standard.options.count(),
        "mapping_published": standard.mapping_published,
    }
