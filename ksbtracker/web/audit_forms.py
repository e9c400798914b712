"""The audit trail page's filters: a person, and a range of dates."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ksbtracker.web.dates import GOVUKDateField
from ksbtracker.web.forms import GDSForm

EARLIEST = datetime.date(2017, 1, 1)


class AuditFilterForm(GDSForm):
    submit_label = "Filter"

    person = forms.CharField(
        label="Who acted (optional)", max_length=254, required=False,
        help_text="Part of their name or email address.",
    )  # fmt: skip
    from_date = GOVUKDateField(
        label="From (optional)", required=False, earliest=EARLIEST, latest=timezone.localdate,
        help_text="For example, 27 3 2026",
    )  # fmt: skip
    to_date = GOVUKDateField(label="To (optional)", required=False, earliest=EARLIEST, latest=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and end and end < start:
            raise ValidationError({"to_date": "The ‘to’ date must be the same as or after the ‘from’ date"})
        return cleaned
