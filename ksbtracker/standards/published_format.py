"""The shape of a standard as the apprenticeship standards API publishes it, and its parsed form.

Field names follow the API, spellings included (``dutyID``, ``mappedBehaviour``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, is_dataclass
from functools import cached_property

from .models import KSBKind

__all__ = [
    "KSB_LISTS",
    "MAPPED_LISTS",
    "OPTIONS_LIST",
    "DATE_FIELDS",
    "TEXT_FIELDS",
    "NUMBER_FIELDS",
    "REBUILT_FIELDS",
    "ParsedKSB",
    "ParsedOption",
    "ParsedDuty",
    "ParsedStandard",
    "parse_api_date",
]

# (list field, GUID field, kind, noun used in messages)
KSB_LISTS = (
    ("knowledges", "knowledgeId", KSBKind.KNOWLEDGE, "knowledge"),
    ("skills", "skillId", KSBKind.SKILL, "skill"),
    ("behaviours", "behaviourId", KSBKind.BEHAVIOUR, "behaviour"),
)
# (mapping field of a duty, kind, noun used in messages)
MAPPED_LISTS = (
    ("mappedKnowledge", KSBKind.KNOWLEDGE, "knowledge"),
    ("mappedSkills", KSBKind.SKILL, "skill"),
    ("mappedBehaviour", KSBKind.BEHAVIOUR, "behaviour"),
)
OPTIONS_LIST = "mappedOptions"
DATE_FIELDS = {
    "earliestStartDate": "earliest_start_date",
    "latestStartDate": "latest_start_date",
    "approvedForDelivery": "approved_for_delivery",
}
TEXT_FIELDS = {"referenceNumber": "reference_number", "title": "title", "status": "status", "route": "route"}
NUMBER_FIELDS = {
    "level": "level",
    "larsCode": "lars_code",
    "typicalDuration": "typical_duration_months",
    "maxFunding": "max_funding",
}
# Rebuilt from columns and rows on export; every other top-level field is kept as published in
# StandardVersion.source_extra (dates too: the column holds the date, source_extra the published text).
REBUILT_FIELDS = frozenset(
    {*TEXT_FIELDS, *NUMBER_FIELDS, "version", "coreAndOptions", "options", "duties"}
    | {list_field for list_field, *_ in KSB_LISTS}
)
# Bump when parsing changes what is stored, so that files imported before are stored again.
_PARSE_FORMAT = 1
_API_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?"
)


@dataclass(frozen=True)
class ParsedKSB:
    kind: str
    number: int
    guid: str
    text: str
    source_text: str

    @property
    def code(self) -> str:
        return f"{self.kind}{self.number}"


@dataclass(frozen=True)
class ParsedOption:
    position: int
    guid: str
    title: str


@dataclass(frozen=True)
class ParsedDuty:
    number: int
    guid: str
    text: str
    source_text: str
    is_core: bool
    criteria: str
    ksb_guids: tuple[str, ...]  # resolved, in code order
    option_guids: tuple[str, ...]  # resolved, in option order
    unresolved: dict[str, list[str]]  # mapping field -> GUIDs that match nothing
    null_lists: tuple[str, ...]  # mapping fields published as null rather than []

    @property
    def unresolved_guids(self) -> list[str]:
        """Mapped KSB GUIDs that match no KSB. Option GUIDs that match no option are only in ``source_extra``."""
        ksb_guids = (
            guid for field, guids in self.unresolved.items() if field != OPTIONS_LIST for guid in guids
        )
        return list(dict.fromkeys(ksb_guids))

    @property
    def source_extra(self) -> dict:
        extra: dict = {}
        if self.null_lists:
            extra["null_lists"] = list(self.null_lists)
        if self.unresolved:
            extra["unresolved"] = self.unresolved
        return extra


@dataclass(frozen=True)
class ParsedStandard:
    reference_number: str
    version: str
    title: str
    level: int | None
    lars_code: int | None
    status: str
    route: str
    typical_duration_months: int | None
    max_funding: int | None
    core_and_options: bool
    earliest_start_date: datetime.date | None
    latest_start_date: datetime.date | None
    approved_for_delivery: datetime.date | None
    source_extra: dict
    ksbs: tuple[ParsedKSB, ...]
    options: tuple[ParsedOption, ...]
    duties: tuple[ParsedDuty, ...]
    care_messages: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.reference_number} v{self.version}"

    @property
    def mapping_published(self) -> bool:
        """Whether any duty maps any KSB (older templates publish no duties at all)."""
        return any(duty.ksb_guids or set(duty.unresolved) - {OPTIONS_LIST} for duty in self.duties)

    @cached_property
    def content_hash(self) -> str:
        """A hash of everything stored, so that importing the same content again can change nothing."""
        # Not the messages: they name the file, which is not content.
        content = {
            name: value for name, value in vars(self).items() if name not in ("care_messages", "content_hash")
        }
        dump = json.dumps([_PARSE_FORMAT, content], sort_keys=True, default=_json_value, ensure_ascii=False)
        return hashlib.sha256(dump.encode()).hexdigest()

    def columns(self) -> dict:
        """Values for the StandardVersion columns."""
        names = [*TEXT_FIELDS.values(), *NUMBER_FIELDS.values(), *DATE_FIELDS.values()]
        names += ["version", "core_and_options", "source_extra", "mapping_published", "content_hash"]
        return {name: getattr(self, name) for name in names}


def _json_value(value: object) -> object:
    # dataclasses.asdict would do, but copies deeply and takes most of an import's time.
    if is_dataclass(value):
        return vars(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def parse_api_date(value: object) -> datetime.date | None:
    """The date in an API date field ("2019-08-20T00:00:00" or "2019-08-20T00:00:00 +00:00"); None if blank.

    Raises ``ValueError`` for anything else.
    """
    if value is None or value == "":
        return None
    match = _API_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a date")
    return datetime.date(int(match[1]), int(match[2]), int(match[3]))
