"""The form for recording a standard version's published minimum OTJ hours."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ksbtracker.funding.models import PublishedOTJMinimum
from ksbtracker.web.dates import GOVUKDateField
from ksbtracker.web.forms import GDSModelForm


class PublishedOTJMinimumForm(GDSModelForm):
    submit_label = "Save the published minimum"

    effective_from = GOVUKDateField(
        label="For starts from", help_text="The first start date the figure applies to. For example, 1 1 2026"
    )
    effective_to = GOVUKDateField(
        label="For starts up to",
        required=False,
        help_text="Leave blank if the figure applies until it is replaced. For example, 31 12 2025",
    )

    class Meta:
        model = PublishedOTJMinimum
        fields = ["reference_number", "version", "minimum_hours", "effective_from", "effective_to", "source"]
        labels = {
            "reference_number": "Standard reference",
            "version": "Standard version",
            "minimum_hours": "Published minimum off-the-job hours",
            "source": "Source",
        }
        help_texts = {
            "reference_number": "For example, ST0648",
            "version": "For example, 1.0",
            "source": "Where the figure is published, e.g. the DfE annex of minimum OTJ hours, January 2026.",
        }
        widgets = {
            "reference_number": forms.TextInput(
                attrs={"class": "govuk-input--width-10", "spellcheck": "false"}
            ),
            "version": forms.TextInput(attrs={"class": "govuk-input--width-4", "spellcheck": "false"}),
            "minimum_hours": forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        }
        error_messages = {
            "reference_number": {"required": "Enter the standard reference, like ST0648"},
            "version": {"required": "Enter the standard version, like 1.0"},
            "minimum_hours": {
                "required": "Enter the published minimum hours",
                "invalid": "Published minimum hours must be a whole number, like 400",
                "min_value": "Published minimum hours must be 0 or more",
            },
            "source": {"required": "Enter where the figure is published"},
        }

    def clean_reference_number(self):
        reference = self.cleaned_data["reference_number"].strip().upper()
        if not reference.startswith("ST"):
            raise ValidationError("Enter the standard reference, like ST0648")
        return reference

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("effective_from"), cleaned.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", "For starts up to must be on or after the for starts from date")
        return cleaned

    def validate_unique(self):
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())
        except ValidationError:
            self.add_error(
                "effective_from",
                "A figure for this standard version from this date is already recorded: change it",
            )
