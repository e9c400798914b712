"""An apprentice's funding details (ULN, age at start, English and maths, EPA price) and the employer's
statement when fewer OTJ hours were done than planned. Writes are audited; personal data is fingerprinted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ksbtracker.audit.api import fingerprint, record_change

from .models import ApprenticeFundingDetails, Calculation, EmployerOTJStatement

__all__ = [
    "EnglishMaths",
    "age_at_start",
    "details_for",
    "english_and_maths",
    "record_funding_details",
    "sign_employer_statement",
]

PUBLISHED_OPT_IN_RULES = {Calculation.STARTS_2025_TO_2026, Calculation.STARTS_2026_TO_2027}


def details_for(enrolment) -> ApprenticeFundingDetails:
    """The enrolment's funding details, or an empty unsaved record if none are recorded yet."""
    try:
        return enrolment.funding_details
    except ApprenticeFundingDetails.DoesNotExist:
        return ApprenticeFundingDetails(enrolment=enrolment)


def age_at_start(date_of_birth: datetime.date | None, start_date: datetime.date) -> int | None:
    if date_of_birth is None:
        return None
    before_birthday = (start_date.month, start_date.day) < (date_of_birth.month, date_of_birth.day)
    return start_date.year - date_of_birth.year - before_birthday


@dataclass(frozen=True)
class EnglishMaths:
    age: int | None
    required: bool | None  # None: not known yet
    summary: str


def english_and_maths(enrolment, details: ApprenticeFundingDetails | None = None) -> EnglishMaths:
    """Whether English and maths are required: aged 16–18 at the start always; 19+ only where the employer
    opted in at initial assessment (2025-26 rules on); before August 2025, as the standard requires."""
    details = details or details_for(enrolment)
    age = age_at_start(details.date_of_birth, enrolment.start_date)
    if enrolment.funding_rule_set.calculation not in PUBLISHED_OPT_IN_RULES:
        return EnglishMaths(age, True, "Required before end-point assessment, as the standard sets out "
                            "(starts before 1 August 2025).")  # fmt: skip
    if age is None:
        return EnglishMaths(None, None, "Not known: record the apprentice's date of birth.")
    if age < 19:
        return EnglishMaths(age, True, f"Required: aged {age} at the start (16 to 18).")
    if details.english_maths_opt_in is None:
        return EnglishMaths(age, None, f"Aged {age} at the start: record whether the employer opted in to English "
                            "and maths at the initial assessment.")  # fmt: skip
    if details.english_maths_opt_in:
        return EnglishMaths(age, True, f"Required: aged {age} at the start and the employer opted in at the "
                            "initial assessment.")  # fmt: skip
    return EnglishMaths(age, False, f"Not required: aged {age} at the start and the employer did not opt in.")


@transaction.atomic
def record_funding_details(*, actor, enrolment, values: dict[str, Any]) -> ApprenticeFundingDetails:
    """Record or correct the ULN, date of birth, English and maths opt-in and EPA price, and audit it."""
    details = details_for(enrolment)
    before = _audit_view(details) if details.pk else None
    for name, value in values.items():
        setattr(details, name, value)
    if details.uln:
        details.uln = details.uln.replace(" ", "")
    if details.date_of_birth and details.date_of_birth >= enrolment.start_date:
        raise ValidationError({"date_of_birth": "The date of birth must be before the start date"})
    details.full_clean()
    details.save()
    record_change(
        actor=actor, action="enrolment.funding_details_recorded", instance=enrolment, before=before,
        after=_audit_view(details),
    )  # fmt: skip
    return details


def _audit_view(details: ApprenticeFundingDetails) -> dict:
    """Personal data as fingerprints only: the trail can prove what was recorded without holding it."""
    return {
        "uln": fingerprint(details.uln) if details.uln else "",
        "date_of_birth": fingerprint(details.date_of_birth.isoformat()) if details.date_of_birth else "",
        "english_maths_opt_in": details.english_maths_opt_in,
        "epa_price": None if details.epa_price is None else str(details.epa_price),
    }


@transaction.atomic
def sign_employer_statement(
    *, actor, enrolment, statement: str, hours_done: Decimal, hours_planned: Decimal, hours_minimum: Decimal
) -> EmployerOTJStatement:
    """The line manager signs the employer's statement of why fewer OTJ hours were done than planned."""
    if actor is None or enrolment.line_manager_id != actor.pk:
        raise PermissionDenied("Only the apprentice's line manager signs the employer's statement.")
    if EmployerOTJStatement.objects.filter(enrolment=enrolment).exists():
        raise ValidationError("The employer's statement has already been signed.")
    if hours_done >= hours_planned:
        raise ValidationError("No statement is needed: the planned off-the-job hours have been done.")
    if hours_done < hours_minimum:
        raise ValidationError(
            f"Only {hours_done.normalize():f} OTJ hours are done, fewer than the {hours_minimum.normalize():f}-hour "
            "minimum: a statement cannot stand in for the minimum."
        )
    text = statement.strip()
    if not text:
        raise ValidationError({"statement": "Enter why fewer off-the-job hours were done than planned"})
    content = {"enrolment": enrolment.pk, "statement": text, "hours_done": str(hours_done),
               "hours_planned": str(hours_planned), "hours_minimum": str(hours_minimum)}  # fmt: skip
    signed = EmployerOTJStatement.objects.create(
        enrolment=enrolment, statement=text, hours_done=hours_done, hours_planned=hours_planned,
        hours_minimum=hours_minimum, signed_by=actor, content_hash=fingerprint(content),
    )  # fmt: skip
    record_change(actor=actor, action="gateway.employer_otj_statement_signed", instance=enrolment,
                  after={"hash": signed.content_hash, "hours_done": str(hours_done), "hours_planned": str(hours_planned)})  # fmt: skip
    return signed
