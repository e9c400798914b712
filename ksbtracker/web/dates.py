"""The GOV.UK date input: day, month and year boxes read into a date, with GOV.UK error wording.

Each box accepts only a few ASCII digits, so no typed value can overflow a date; a window
(``earliest``/``latest``, dates or callables) keeps dates to what they mean, for example within
the apprenticeship.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.widgets import DateInputWidget
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


class DashedDateWidget(DateInputWidget):
    """The three boxes named ``name-day``, ``name-month`` and ``name-year``, as the hand-laid pages name them."""

    PARTS = ("day", "month", "year")

    def value_from_datadict(self, data, files, name):
        return [str(data.get(f"{name}-{part}", "")).strip() for part in self.PARTS]

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}-{part}" not in data for part in self.PARTS)


def dashed_date(**kwargs) -> GOVUKDateField:
    """A date field for a page that lays out its own date input (``includes/date_input.html``)."""
    return GOVUKDateField(widget=DashedDateWidget, **kwargs)


def typed_date(bound_field) -> tuple[str, str, str]:
    """The day, month and year a date input shows: as typed after a submission, else the saved date."""
    value = bound_field.value()
    if isinstance(value, datetime.date):
        return (str(value.day), str(value.month), str(value.year))
    if isinstance(value, list | tuple) and len(value) == 3:
        return tuple("" if v is None else str(v) for v in value)
    return ("", "", "")
