"""Forms for an apprentice's funding details, the employer's OTJ statement and corrections to returned figures."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from ksbtracker.funding.uln import validate_uln
from ksbtracker.web.dates import GOVUKDateField
from ksbtracker.web.forms import GDSForm
from ksbtracker.web.funding_forms import FigureField

OPT_IN_CHOICES = [("yes", "Yes, the employer opted in"), ("no", "No"), ("", "Not recorded yet")]


class FundingDetailsForm(GDSForm):
    submit_label = "Save funding details"

    uln = forms.CharField(
        label="Unique learner number (ULN)",
        required=False,
        max_length=14,
        help_text="10 digits, for example 9276308686",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    date_of_birth = GOVUKDateField(label="Date of birth", required=False, help_text="For example, 27 3 2004")
    english_maths_opt_in = forms.ChoiceField(
        label="For an apprentice aged 19 or over at the start: did the employer opt in to English and maths at "
        "the initial assessment?",
        choices=OPT_IN_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    epa_price = FigureField(
        label="End-point assessment price (TNP2), in pounds",
        subject="End-point assessment price",
        width=10,
        required=False,
        max_value=Decimal(1000000),
        help_text="Part of the total price. The training price (TNP1) is the rest of the total after any reduction.",
    )

    def clean_uln(self):
        uln = self.cleaned_data["uln"].replace(" ", "")
        if uln:
            validate_uln(uln)
        return uln

    def clean_english_maths_opt_in(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["english_maths_opt_in"])

    @staticmethod
    def initial_from(details) -> dict:
        opt_in = {True: "yes", False: "no"}.get(details.english_maths_opt_in, "")
        return {"uln": details.uln, "date_of_birth": details.date_of_birth, "english_maths_opt_in": opt_in,
                "epa_price": details.epa_price}  # fmt: skip


class EmployerStatementForm(GDSForm):
    submit_label = "Sign the statement"

    statement = forms.CharField(
        label="Why were fewer off-the-job hours done than planned?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Your statement on behalf of the employer. Signing records your name, the time and a fingerprint "
        "of what you signed.",
        error_messages={"required": "Enter why fewer off-the-job hours were done than planned"},
    )


class ReturnCorrectionForm(GDSForm):
    submit_label = "Record the correction"

    planned_end_date = GOVUKDateField(label="Planned end date", required=False)
    planned_hours = FigureField(label="Planned OTJ hours", subject="Planned OTJ hours", required=False,
                                max_value=Decimal(100000))  # fmt: skip
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the correction"},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and cleaned.get("planned_end_date") is None
            and cleaned.get("planned_hours") is None
        ):
            raise ValidationError("Enter the corrected planned end date or planned OTJ hours")
        return cleaned
