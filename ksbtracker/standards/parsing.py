"""Check a standards API document and turn it into a ``ParsedStandard``, without touching the database.

Codes come from position: K1 is the first entry of ``knowledges``. Duties map KSBs and options by GUID,
never by position. A GUID that matches nothing is kept on the duty and reported as needing care. Anything
that would leave a wrong or partial standard (no reference number, a KSB without detail, two KSBs with
one GUID, …) fails the whole document, with every reason found.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations

from .models import KSB, StandardOption, StandardVersion
from .published_format import (
    DATE_FIELDS,
    KSB_LISTS,
    MAPPED_LISTS,
    NUMBER_FIELDS,
    OPTIONS_LIST,
    REBUILT_FIELDS,
    TEXT_FIELDS,
    ParsedDuty,
    ParsedKSB,
    ParsedOption,
    ParsedStandard,
    parse_api_date,
)
from .text import clean_detail

__all__ = ["parse_standard_document"]

_GUID_LENGTH = KSB._meta.get_field("guid").max_length  # the same for duties and options


def parse_standard_document(*, document: object, source: str) -> ParsedStandard:
    """Check ``document`` (a decoded standards API JSON file named ``source``) and return its content.

    Raises ``ValidationError`` with one message per problem, each naming the file, the field and the
    entry (e.g. "standards_9.json: skill 4 (S4) has no detail").
    """
    if not isinstance(document, dict):
        raise ValidationError([f"{source}: the file holds a JSON {_json_type(document)}, not an object"])
    return _Reader(document=document, source=source).parse()


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "text", bool: "true/false", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


class _Reader:
    def __init__(self, *, document: dict, source: str):
        self.document = document
        self.source = source
        self.problems: list[str] = []
        self.care: list[str] = []

    def fail(self, message: str) -> None:
        self.problems.append(f"{self.source}: {message}")

    def parse(self) -> ParsedStandard:
        values = {column: self._text(key, column) for key, column in TEXT_FIELDS.items()}
        values["version"] = self._version()
        values.update({column: self._number(key, column) for key, column in NUMBER_FIELDS.items()})
        values.update({column: self._date(key) for key, column in DATE_FIELDS.items()})
        values["core_and_options"] = self._flag(self.document.get("coreAndOptions"), "coreAndOptions", False)
        label = f"{values['reference_number'] or '(no reference)'} v{values['version'] or '?'}"
        ksbs = self._ksbs()
        options = self._options()
        duties = self._duties(ksbs=ksbs, options=options, label=label)
        if self.problems:
            raise ValidationError(self.problems)
        extra = {key: value for key, value in self.document.items() if key not in REBUILT_FIELDS}
        return ParsedStandard(
            **values,
            source_extra=extra,
            ksbs=ksbs,
            options=options,
            duties=duties,
            care_messages=tuple(self.care),
        )

    def _text(self, key: str, column: str) -> str:
        value = self.document.get(key)
        required = key in ("referenceNumber", "title")
        if value is None or value == "":
            if required:
                self.fail(f"{key} is {'missing' if value is None else 'empty'}")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(f"{key} must be text, not {_json_type(value)} {value!r:.40}")
            return ""
        value = value.strip() if key == "referenceNumber" else value
        self._check_length(key, value, StandardVersion._meta.get_field(column).max_length)
        return value

    def _check_length(self, where: str, value: str, max_length: int) -> None:
        if len(value) > max_length:
            self.fail(f"{where} is {len(value)} characters long; at most {max_length} fit")

    def _version(self) -> str:
        key = "version" if self.document.get("version") not in (None, "") else "versionNumber"
        value = self.document.get(key)
        if value is None or value == "" or (isinstance(value, str) and not value.strip()):
            self.fail("version is missing (and there is no versionNumber)")
            return ""
        if not isinstance(value, str):
            self.fail(f'{key} must be text such as "1.0", not the {_json_type(value)} {value!r:.40}')
            return ""
        self._check_length(key, value.strip(), StandardVersion._meta.get_field("version").max_length)
        return value.strip()

    def _number(self, key: str, column: str) -> int | None:
        value = self.document.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if value is None:
            return None
        maximum = BaseDatabaseOperations.integer_field_ranges[
            StandardVersion._meta.get_field(column).get_internal_type()
        ][1]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.fail(f"{key} must be a whole number from 0 to {maximum}, not {value!r:.40}")
            return None
        return value

    def _date(self, key: str) -> datetime.date | None:
        try:
            return parse_api_date(self.document.get(key))
        except ValueError as error:
            self.fail(f"{key}: {error}")
            return None

    def _flag(self, value: object, where: str, default: bool) -> bool:
        if value is None:
            return default
        if value in (0, 1) and not isinstance(value, float):
            return bool(value)
        self.fail(f"{where} must be true/false or 0/1, not {value!r:.40}")
        return default

    def _list(self, value: object, where: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{where} must be a list, not {_json_type(value)}")
            return []
        return value

    def _guid(self, entry: dict, key: str, where: str, seen: dict[str, str]) -> str | None:
        guid = entry.get(key)
        if not isinstance(guid, str) or not guid.strip():
            self.fail(f"{where} has no {key}")
            return None
        if guid in seen:
            self.fail(f"{where} has the GUID {guid}, already used by {seen[guid]}")
            return None
        self._check_length(f"{where} {key}", guid, _GUID_LENGTH)
        seen[guid] = where
        return guid

    def _ksbs(self) -> tuple[ParsedKSB, ...]:
        ksbs, seen = [], {}
        for list_field, guid_field, kind, noun in KSB_LISTS:
            for number, entry in enumerate(self._list(self.document.get(list_field), list_field), start=1):
                where = f"{noun} {number} ({kind}{number})"
                if not isinstance(entry, dict):
                    self.fail(f"{where} is {_json_type(entry)}, not an object")
                    continue
                guid = self._guid(entry, guid_field, where, seen)
                detail = entry.get("detail")
                text = clean_detail(detail) if isinstance(detail, str) else ""
                if not text:
                    self.fail(f"{where} (guid {guid}) has no detail" if guid else f"{where} has no detail")
                if guid and text:
                    ksbs.append(ParsedKSB(kind=kind, number=number, guid=guid, text=text, source_text=detail))
        return tuple(ksbs)

    def _options(self) -> tuple[ParsedOption, ...]:
        options, seen = [], {}
        max_length = StandardOption._meta.get_field("title").max_length
        for position, entry in enumerate(self._list(self.document.get("options"), "options"), start=1):
            where = f"option {position}"
            if not isinstance(entry, dict):
                self.fail(f"{where} is {_json_type(entry)}, not an object")
                continue
            guid = self._guid(entry, "optionId", where, seen)
            title = entry.get("title")
            if not isinstance(title, str) or not title.strip():
                self.fail(f"{where} (guid {guid}) has no title" if guid else f"{where} has no title")
            elif guid:
                self._check_length(f"{where} title", title, max_length)
                options.append(ParsedOption(position=position, guid=guid, title=title))
        return tuple(options)

    def _duties(self, *, ksbs: tuple[ParsedKSB, ...], options: tuple[ParsedOption, ...], label: str):
        duties, seen = [], {}
        for number, entry in enumerate(self._list(self.document.get("duties"), "duties"), start=1):
            if not isinstance(entry, dict):
                self.fail(f"duty {number} is {_json_type(entry)}, not an object")
                continue
            guid = entry.get("dutyID") or ""
            if not isinstance(guid, str):
                self.fail(f"duty {number} dutyID must be text, not {_json_type(guid)}")
                continue
            where = f"duty {number} (guid {guid})" if guid else f"duty {number}"
            if guid in seen:
                self.care.append(f"{self.source}: {where} has the same dutyID as {seen[guid]}")
            elif guid:
                seen[guid] = f"duty {number}"
                self._check_length(f"{where} dutyID", guid, _GUID_LENGTH)
            detail = entry.get("dutyDetail")
            text = clean_detail(detail) if isinstance(detail, str) else ""
            if not text:
                self.fail(f"{where} has no dutyDetail")
            criteria = entry.get("criteriaForMeasuringPerformance") or ""
            if not isinstance(criteria, str):
                self.fail(f"{where} criteriaForMeasuringPerformance must be text, not {_json_type(criteria)}")
            is_core = self._flag(entry.get("isThisACoreDuty"), f"{where} isThisACoreDuty", True)
            resolved, unresolved, null_lists = self._mappings(
                entry, where, ksbs=ksbs, options=options, label=label
            )
            if text and isinstance(criteria, str):
                duties.append(
                    ParsedDuty(
                        number=number,
                        guid=guid,
                        text=text,
                        source_text=detail,
                        is_core=is_core,
                        criteria=criteria,
                        ksb_guids=tuple(ksb.guid for ksb in ksbs if ksb.guid in resolved),
                        option_guids=tuple(option.guid for option in options if option.guid in resolved),
                        unresolved=unresolved,
                        null_lists=null_lists,
                    )
                )
        return tuple(duties)

    def _mappings(self, entry: dict, where: str, *, ksbs, options, label: str):
        """The mapped GUIDs that resolve, those that do not (by field) and the fields published as null."""
        ksb_by_guid = {ksb.guid: ksb for ksb in ksbs}
        option_guids = {option.guid for option in options}
        resolved, unresolved, null_lists = set(), {}, []
        for list_field, kind, noun in (*MAPPED_LISTS, (OPTIONS_LIST, None, "option")):
            value = entry.get(list_field)
            if value is None:
                null_lists.append(list_field)
            for guid in self._list(value, f"{where} {list_field}"):
                if not isinstance(guid, str):
                    self.fail(f"{where} {list_field} holds {_json_type(guid)} {guid!r:.40}, not a GUID")
                elif guid in resolved or guid in unresolved.get(list_field, []):
                    continue  # listed twice
                elif guid in (option_guids if kind is None else ksb_by_guid):
                    resolved.add(guid)
                    ksb = ksb_by_guid.get(guid)
                    if ksb is not None and ksb.kind != kind:
                        self.care.append(
                            f"{self.source}: {where} lists {ksb.code} (guid {guid}) under {list_field}; kept as {ksb.code}"
                        )
                else:
                    unresolved.setdefault(list_field, []).append(guid)
                    target = "option" if kind is None else "KSB"
                    self.care.append(
                        f"{self.source}: {where} maps to {noun} GUID {guid} which matches no {target} of {label}"
                    )
        return resolved, unresolved, tuple(null_lists)
