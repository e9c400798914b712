"""Find text that may identify a person on probation or a victim, so the learner can anonymise it.

Evidence is written about real cases. It must not carry names, case reference numbers (CRN), Police
National Computer (PNC) numbers, dates of birth or addresses. The checks here look for the shapes those
take; the learner sees every finding and either removes it or confirms that it is not personal data.
A finding is a prompt to check, not a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError

__all__ = ["Finding", "FindingKind", "PersonalDataFound", "find_personal_data", "newly_confirmed_findings"]


class FindingKind:
    CRN = "crn"
    PNC = "pnc"
    DATE_OF_BIRTH = "date_of_birth"
    POSTCODE = "postcode"
    NAME = "name"

    LABELS = {
        CRN: "Case reference number (CRN)",
        PNC: "Police National Computer (PNC) number",
        DATE_OF_BIRTH: "Date of birth",
        POSTCODE: "Postcode",
        NAME: "Name with a title",
    }


@dataclass(frozen=True)
class Finding:
    """One piece of text that looks like personal data, where it was found and the text around it."""

    kind: str
    text: str
    start: int
    end: int
    context: str
    where: str = ""

    @property
    def label(self) -> str:
        return FindingKind.LABELS[self.kind]

    def as_record(self) -> dict:
        """A JSON-friendly record, for the confirmation and the audit trail."""
        return asdict(self) | {"label": self.label}


CONTEXT_CHARS = 30

# One letter and six digits, standing alone: X123456. KSB codes (K12, S1) are far shorter.
_CRN = re.compile(r"(?<![A-Za-z0-9/])[A-Za-z]\d{6}(?![A-Za-z0-9/])")

# Year (2 or 4 digits) / serial (up to 7 digits) and a check letter: 2001/0123456A, 01/123456A.
# "PI 05/2014" (a policy instruction) has no check letter, so it does not match.
_PNC = re.compile(r"(?<![A-Za-z0-9/])(?:(?:19|20)\d{2}|\d{2})/\d{1,7}[A-Za-z](?![A-Za-z0-9/])")

# UK postcodes (outward code, optional space, inward code), as written on addresses: M1 1AE, SW1A 2AA.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9/])(?:GIR ?0AA|"
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9/])"
)

# A title followed by a capitalised name of two or more letters. "Mr X" and "Ms A", the usual way of
# anonymising, are left alone.
_NAME_WORD = r"[A-Z](?=[A-Za-z'’\-]*[a-z])[A-Za-z'’\-]*[A-Za-z]"  # Smith, O'Brien, McDonald; not X
_TITLED_NAME = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?")

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Full dates in the forms people write them: 03/04/1990, 3-4-90, 3.4.1990, 1990-04-03,
# 3 April 1990, 3rd Apr 1990, April 3, 1990.
_DATE = re.compile(
    r"(?<![A-Za-z0-9/.\-])(?:"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r")(?![A-Za-z0-9/])",
    re.IGNORECASE,
)
# Words that make a date a date of birth when they come shortly before it ("born on", "DOB:") ...
_BIRTH_BEFORE = re.compile(
    r"(?:\bborn\b|\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bbirthday\b)",
    re.IGNORECASE,
)
# ... or just after it ("03/04/1990 (DOB)").
_BIRTH_AFTER = re.compile(r"^[\s,(\[:\-]{0,4}(?:d\.?\s?o\.?\s?b\b|date\s+of\s+birth\b)", re.IGNORECASE)
_BEFORE_WINDOW = 30
_AFTER_WINDOW = 20
_SENTENCE_BREAK = re.compile(r"[!?;\n]|\.\s")


def _context(text: str, start: int, end: int) -> str:
    left = max(0, start - CONTEXT_CHARS)
    right = min(len(text), end + CONTEXT_CHARS)
    snippet = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")


def _is_birth_date(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - _BEFORE_WINDOW) : start]
    for keyword in _BIRTH_BEFORE.finditer(before):
        # The keyword counts only in the same sentence as the date: "born. On 1 May 2025" does not.
        if not _SENTENCE_BREAK.search(before[keyword.end() :]):
            return True
    return bool(_BIRTH_AFTER.search(text[end : end + _AFTER_WINDOW]))


def _matches(text: str):
    for kind, pattern in (
        (FindingKind.CRN, _CRN),
        (FindingKind.PNC, _PNC),
        (FindingKind.POSTCODE, _POSTCODE),
        (FindingKind.NAME, _TITLED_NAME),
    ):
        for match in pattern.finditer(text):
            yield kind, match.start(), match.end()
    for match in _DATE.finditer(text):
        if _is_birth_date(text, match.start(), match.end()):
            yield FindingKind.DATE_OF_BIRTH, match.start(), match.end()


def find_personal_data(text: str, *, where: str = "") -> list[Finding]:
    """Everything in ``text`` that looks like personal data, in the order it appears.

    ``where`` names the place the text came from ("title", "account", a file name) for the learner.
    Overlapping matches are reported once, the first and longest winning.
    """
    if not text:
        return []
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, start, end in sorted(_matches(text), key=lambda m: (m[1], -(m[2] - m[1]))):
        if any(start < used_end and end > used_start for used_start, used_end in taken):
            continue
        taken.append((start, end))
        findings.append(Finding(kind, text[start:end], start, end, _context(text, start, end), where))
    return findings


class PersonalDataFound(ValidationError):
    """Text holds what looks like personal data that the learner has not confirmed is safe."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__([f"{f.label} in the {f.where}: “{f.text}”" for f in findings], code="personal_data")


def newly_confirmed_findings(
    texts: Mapping[str, str],
    *,
    confirmed: Collection[str],
    already_confirmed: Collection[tuple[str, str]] = (),
) -> list[Finding]:
    """Check each text (``{where: text}``) before it is saved.

    Returns the findings the learner confirms now (``confirmed`` holds the texts they were shown and
    ticked), to be recorded. Findings confirmed before (``(kind, text)`` pairs) are not asked about again.
    Raises PersonalDataFound, listing everything found, while any new finding is unconfirmed.
    """
    findings = [f for where, text in texts.items() for f in find_personal_data(text, where=where)]
    fresh = [f for f in findings if (f.kind, f.text) not in already_confirmed]
    if any(f.text not in confirmed for f in fresh):
        raise PersonalDataFound(findings)
    return fresh
