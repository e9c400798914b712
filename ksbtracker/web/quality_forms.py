"""Forms for quality sampling: the sampling plan, the reviewer's outcome and the assessor's acknowledgement."""

from __future__ import annotations

from django import forms

from ksbtracker.evidence.models import EvidenceType, RoundOutcome
from ksbtracker.people.models import Role, User
from ksbtracker.quality.models import QualityOutcome
from ksbtracker.quality.sampling import NEW_ASSESSOR_DAYS
from ksbtracker.standards.models import StandardVersion
from ksbtracker.web.enrolment_forms import PersonChoice
from ksbtracker.web.forms import GDSForm
from ksbtracker.web.funding_forms import GOVUKDateField

ANY = [("", "Any")]


def _whole_number(label: str, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=low, max_value=high,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"invalid": f"{label} must be a whole number", "min_value": f"{label} must be at least {low}",
                        "max_value": f"{label} must be {high} or less"},
    )  # fmt: skip


class SamplingPlanForm(GDSForm):
    submit_label = "Draw the sample"
    name = forms.CharField(label="Name of the plan", max_length=200,
                           error_messages={"required": "Enter a name for the sampling plan"})  # fmt: skip
    period_from = GOVUKDateField(label="Assessed on or after", help_text="For example, 1 9 2026")
    period_to = GOVUKDateField(label="Assessed on or before", help_text="For example, 30 11 2026")
    assessor = PersonChoice(label="Assessor (optional)", queryset=User.objects.none(), required=False,
                            empty_label="Any assessor")  # fmt: skip
    standard_reference = forms.ChoiceField(label="Standard (optional)", required=False)
    evidence_type = forms.ChoiceField(label="Type of evidence (optional)", required=False,
                                      choices=ANY + list(EvidenceType.choices))  # fmt: skip
    decision = forms.ChoiceField(label="Assessor's decision (optional)", required=False,
                                 choices=ANY + list(RoundOutcome.choices))  # fmt: skip
    sample_percent = _whole_number("Sample rate, as a percentage", 1, 100)
    sample_size = _whole_number("Sample size", 1, 10000)
    include_new_assessors = forms.BooleanField(
        label="Also sample every assessment by a new assessor", required=False,
        help_text=f"An assessor whose first assessment was in the {NEW_ASSESSOR_DAYS} days before the end of the period.",
    )  # fmt: skip
    include_quick_decisions = forms.BooleanField(
        label="Also sample every “met” decision made quickly", required=False,
        help_text="Evidence accepted with every KSB met within 30 minutes of being submitted.",
    )  # fmt: skip

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = User.objects.filter(
            memberships__organisation=provider, memberships__role=Role.ASSESSOR
        ).distinct()
        references = StandardVersion.objects.order_by("reference_number").values_list(
            "reference_number", "title"
        )
        self.fields["standard_reference"].choices = ANY + sorted({(r, f"{r} {t}") for r, t in references})
        self.fields["sample_percent"].help_text = "Enter a rate or a size, not both."

    def clean(self):
        data = super().clean()
        rate, size = data.get("sample_percent"), data.get("sample_size")
        if (
            rate is None
            and size is None
            and not self.has_error("sample_percent")
            and not self.has_error("sample_size")
        ):
            self.add_error("sample_percent", "Enter a sample rate or a sample size")
        elif rate is not None and size is not None:
            self.add_error("sample_size", "Enter a sample rate or a sample size, not both")
        data["assessor"] = data.get("assessor")
        return data


class OutcomeForm(GDSForm):
    submit_label = "Record outcome"
    outcome = forms.ChoiceField(
        label="Do you agree with the assessor's decision?", choices=QualityOutcome.choices, widget=forms.RadioSelect,
        help_text="“Disagree” reopens the decision: the assessor is told and assesses the evidence again.",
        error_messages={"required": "Select agree, agree with action or disagree"},
    )  # fmt: skip
    feedback = forms.CharField(label="Feedback to the assessor", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="With any action they should take.",
                               error_messages={"required": "Enter feedback for the assessor"})  # fmt: skip


class AcknowledgementForm(GDSForm):
    submit_label = "Acknowledge feedback"
    acknowledgement = forms.CharField(
        label="What have you done or will you do about it?", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you have done or will do about the feedback"},
    )  # fmt: skip
