"""The GOV.UK date input: day, month and year boxes read into a date, with GOV.UK error wording.

Each box accepts only a few ASCII digits, so no typed value can overflow a date; a window
(``earliest``/``latest``, dates or callables) keeps dates to what they mean, for example within
the apprenticeship.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

Bound = datetime.date | Callable[[], datetime.date] | None


class GOVUKDateField(DateInputField):
    """The GOV.UK date input, with messages that name the date and an optional window of sensible dates."""

    def __init__(self, *, label: str, earliest: Bound = None, latest: Bound = None, **kwargs):
        super().__init__(label=label, require_all_fields=False, **kwargs)
        self.earliest, self.latest = earliest, latest
        self.subject = label = label.removesuffix(" (optional)")
        real_date = f"{label} must be a real date"
        self.error_messages = {
            **self.error_messages,
            "required": f"Enter the {label.lower()}",
            "incomplete": f"Enter the {label.lower()}",
            "invalid": real_date,
        }
        day, month, year = self.fields
        for part, unit in ((day, "day"), (month, "month"), (year, "year")):
            part.error_messages["incomplete"] = f"{label} must include a {unit}"
            part.max_length = None
        day.validators = [RegexValidator(r"^[0-9]{1,2}\Z", real_date)]
        month.validators = [RegexValidator(r"^[0-9]{1,2}\Z", real_date)]
        year.validators = [RegexValidator(r"^[0-9]{4}\Z", f"{label} must include a year with 4 numbers")]

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        earliest, latest = _resolve(self.earliest), _resolve(self.latest)
        if earliest and value < earliest:
            raise ValidationError(f"{self.subject} must be on or after {long_date(earliest)}", code="min")
        if latest and value > latest:
            raise ValidationError(f"{self.subject} must be on or before {long_date(latest)}", code="max")


def _resolve(bound: Bound) -> datetime.date | None:
    return bound() if callable(bound) else bound


def long_date(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def read_date(data, name: str, label: str) -> tuple[datetime.date | None, tuple[str, str, str], str]:
    """(date or None, the three values as typed, an error message or "") for pages not yet on forms."""
    typed = tuple(str(data.get(f"{name}-{part}", "")).strip() for part in ("day", "month", "year"))
    day, month, year = typed
    if not any(typed):
        return None, typed, f"Enter {label}"
    missing = [part for part, value in zip(("day", "month", "year"), typed, strict=True) if not value]
    if missing:
        return None, typed, f"{label.capitalize()} must include a {' and '.join(missing)}"
    real = f"{label.capitalize()} must be a real date, for example 27 3 2026"
    if not (_digits(day, 2) and _digits(month, 2) and _digits(year, 4) and len(year) == 4):
        return None, typed, real
    try:
        return datetime.date(int(year), int(month), int(day)), typed, ""
    except ValueError:
        return None, typed, real


def _digits(value: str, most: int) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= most


def typed_date(value: datetime.date | None) -> tuple[str, str, str]:
    return (str(value.day), str(value.month), str(value.year)) if value else ("", "", "")
