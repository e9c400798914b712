"""Forms for the funding pages: the plan check (what-if) and adding a year's funding rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from ksbtracker.funding.models import Calculation, FundingRuleSet, OTJBasis, ReviewInterval
from ksbtracker.people.models import Enrolment
from ksbtracker.standards.models import StandardVersion
from ksbtracker.web.dates import GOVUKDateField
from ksbtracker.web.forms import GDSForm, GDSModelForm


class FigureField(forms.DecimalField):
    """A number typed as people write it: "10,000", "£10,000" and " 37.5 " are all read."""

    def __init__(self, *, label: str, subject: str, width: int = 5, **kwargs):
        """``subject`` names the figure in error messages, e.g. "Price" in "Price must be a number"."""
        kwargs.setdefault("min_value", Decimal(0))
        kwargs["error_messages"] = {
            "required": f"Enter the {subject[0].lower()}{subject[1:]}",
            "invalid": f"{subject} must be a number",
            "min_value": f"{subject} must be 0 or more",
            "max_value": f"{subject} must be %(limit_value)s or less",
            "max_decimal_places": f"{subject} must have no more than %(max)s decimal places",
            "max_digits": f"{subject} is too large",
            "max_whole_digits": f"{subject} is too large",
        } | kwargs.get("error_messages", {})
        widget = forms.TextInput(
            attrs={"class": f"govuk-input--width-{width}", "inputmode": "decimal", "spellcheck": "false"}
        )
        super().__init__(label=label, widget=widget, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("£", "").strip()
        return super().to_python(value)


class PercentField(FigureField):
    """A share stored as a fraction (0.2) but typed and shown as a percentage (20)."""

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else percent / 100

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{(value * 100).normalize():f}"
        return value


STANDARDS_OFFERED = 50


def standard_versions_offered(*, find: str, chosen) -> list[StandardVersion]:
    """At most ``STANDARDS_OFFERED`` versions for the what-if list (one query, titles only)."""
    versions = StandardVersion.objects.only("pk", "reference_number", "version", "title")
    if find:
        condition = Q(reference_number__icontains=find) | Q(title__icontains=find)
    else:
        condition = Q(pk__in=Enrolment.objects.values("standard_version_id"))
    if chosen and str(chosen).isascii() and str(chosen).isdigit() and len(str(chosen)) <= 18:
        condition |= Q(pk=int(chosen))
    return list(versions.filter(condition).order_by("reference_number", "version")[:STANDARDS_OFFERED])


class PlanCheckForm(GDSForm):
    submit_label = "Check the plan"

    start_date = GOVUKDateField(label="Start date", help_text="For example, 1 9 2025")
    months = forms.IntegerField(
        label="Planned duration, in months",
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the planned duration in months",
            "invalid": "Planned duration must be a whole number of months, like 12",
            "min_value": "Planned duration must be at least 1 month",
            "max_value": "Planned duration must be 120 months or fewer",
        },
    )
    weekly_hours = FigureField(
        label="Contracted hours a week",
        subject="Contracted hours a week",
        width=3,
        required=False,
        max_value=Decimal(100),
        help_text="Needed where the rules work the OTJ minimum out from contracted hours "
        "(starts before 1 August 2025). For example, 37.",
    )
    planned_hours = FigureField(
        label="Planned off-the-job hours, without prior learning",
        subject="Planned hours",
        required=False,
        max_value=Decimal(10000),
        help_text="Leave blank to plan exactly the minimum.",
    )
    prior_learning_hours = FigureField(
        label="Off-the-job hours recognised as prior learning",
        subject="Prior learning hours",
        required=False,
        max_value=Decimal(10000),
        help_text="Training left out of the plan because the apprentice already has that knowledge, "
        "skill or behaviour. Leave blank if there is none.",
    )
    price = FigureField(
        label="Agreed price, in pounds",
        subject="Price",
        width=10,
        required=False,
        max_value=Decimal(1000000),
        help_text="Before any reduction for prior learning. For example, 10000.",
    )
    band_maximum = FigureField(
        label="Funding band maximum, in pounds (optional)",
        subject="Funding band maximum",
        width=10,
        required=False,
        max_value=Decimal(1000000),
        help_text="The price reduction for prior learning is taken from it. Leave blank to use the chosen "
        "standard's band.",
    )
    standard_version = forms.ModelChoiceField(
        label="Apprenticeship standard (optional)",
        queryset=StandardVersion.objects.order_by("reference_number", "version"),
        required=False,
        empty_label="No standard",
        help_text="Its funding band maximum and the published minimum OTJ hours for the start date are used.",
        error_messages={"invalid_choice": "Select a standard from the list"},
    )

    def __init__(self, *args, find: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["standard_version"]
        field.label_from_instance = lambda standard: (
            f"{standard.reference_number} {standard.title}, version {standard.version}"
        )
        # Any standard version validates, but the list offers only a short one: those found by the search,
        # or those apprentices are on, and the one already chosen.
        chosen = self.data.get(self.add_prefix("standard_version")) if self.is_bound else None
        offered = standard_versions_offered(find=find, chosen=chosen)
        field.widget.choices = [("", field.empty_label)] + [(v.pk, field.label_from_instance(v)) for v in offered]
        self.offered_count = len(offered)

    def clean_prior_learning_hours(self):
        return self.cleaned_data["prior_learning_hours"] or Decimal(0)


class FundingRuleSetForm(GDSModelForm):
    submit_label = "Add these rules"

    effective_from = GOVUKDateField(
        label="Start date from which these rules apply",
        help_text="Apprentices starting on or after this date are funded under these rules. "
        "For example, 1 8 2026",
    )
    otj_share_of_hours = PercentField(
        label="Off-the-job share of contracted hours, per cent",
        subject="Off-the-job share",
        initial=FundingRuleSet._meta.get_field("otj_share_of_hours").default,
        width=3,
        max_value=Decimal(100),
        decimal_places=2,
        help_text="Used when the OTJ minimum is a share of contracted hours. For example, 20.",
    )
    minimum_price_reduction_share = PercentField(
        label="Least price reduction, as a percentage of the prior-learning percentage",
        subject="Least price reduction",
        initial=FundingRuleSet._meta.get_field("minimum_price_reduction_share").default,
        width=3,
        max_value=Decimal(100),
        decimal_places=1,
        help_text="50 means that 30% prior learning cuts the price by at least 15%.",
    )

    class Meta:
        model = FundingRuleSet
        fields = [
            "name",
            "effective_from",
            "calculation",
            "minimum_duration_months",
            "part_time_threshold_hours",
            "otj_basis",
            "otj_share_of_hours",
            "otj_weekly_hours_cap",
            "statutory_leave_weeks_per_year",
            "minimum_otj_hours_after_prior_learning",
            "minimum_duration_months_after_prior_learning",
            "review_interval_unit",
            "review_interval",
            "minimum_price_reduction_share",
            "notes",
        ]
        labels = {
            "name": "Name",
            "minimum_duration_months": "Minimum duration, in months",
            "calculation": "Which published rules these follow",
            "part_time_threshold_hours": "Part-time extension below this many contracted hours a week (optional)",
            "otj_basis": "How the OTJ minimum is set",
            "otj_weekly_hours_cap": "Most contracted hours a week counted (optional)",
            "statutory_leave_weeks_per_year": "Statutory leave, in weeks a year",
            "minimum_otj_hours_after_prior_learning": "Least OTJ hours left after prior learning (optional)",
            "minimum_duration_months_after_prior_learning": "Least duration after prior learning, in months (optional)",
            "review_interval_unit": "How the progress review interval is counted",
            "review_interval": "Progress review interval",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "name": "For example, Starts from 1 August 2026",
            "otj_weekly_hours_cap": "Leave blank for no cap. For example, 30.",
            "part_time_threshold_hours": "Leave blank for no extension. For example, 30: 15 hours a week "
            "doubles the minimum duration.",
            "statutory_leave_weeks_per_year": "Taken off the weeks on programme, pro rata. For example, 5.6.",
            "review_interval": "A number of weeks or calendar months, for example 12 or 3.",
            "notes": "Where the rules come from and anything else an auditor should know.",
        }
        widgets = {
            "otj_basis": forms.RadioSelect,
            "calculation": forms.RadioSelect,
            "part_time_threshold_hours": forms.TextInput(
                attrs={"class": "govuk-input--width-3", "inputmode": "decimal"}
            ),
            "review_interval_unit": forms.RadioSelect,
            "minimum_duration_months": forms.TextInput(
                attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
            ),
            "review_interval": forms.TextInput(
                attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
            ),
            "minimum_otj_hours_after_prior_learning": forms.TextInput(
                attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}
            ),
            "minimum_duration_months_after_prior_learning": forms.TextInput(
                attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
            ),
            "otj_weekly_hours_cap": forms.TextInput(
                attrs={"class": "govuk-input--width-3", "inputmode": "decimal"}
            ),
            "statutory_leave_weeks_per_year": forms.TextInput(
                attrs={"class": "govuk-input--width-3", "inputmode": "decimal"}
            ),
        }
        error_messages = {
            "name": {
                "required": "Enter a name for these rules",
                "unique": "Rules with this name already exist",
            },
            "minimum_duration_months": {"required": "Enter the minimum duration in months"},
            "statutory_leave_weeks_per_year": {"required": "Enter the weeks of statutory leave a year"},
            "otj_basis": {"required": "Select how the OTJ minimum is set"},
            "review_interval_unit": {"required": "Select how the review interval is counted"},
            "review_interval": {"required": "Enter the progress review interval"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios need no blank choice: the error message asks for one to be chosen.
        self.fields["otj_basis"].choices = OTJBasis.choices
        self.fields["calculation"].choices = Calculation.choices
        # Null marks a value the published rules leave open; a new set states every value.
        self.fields["statutory_leave_weeks_per_year"].required = True
        self.fields["review_interval_unit"].choices = ReviewInterval.choices
        self.fields["effective_from"].error_messages["unique"] = (
            "Rules already apply from this date: choose another date"
        )

    def clean_effective_from(self):
        effective_from: datetime.date = self.cleaned_data["effective_from"]
        if effective_from.year < 2000:
            raise ValidationError("The start date must be in 2000 or later")
        return effective_from
