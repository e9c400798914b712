"""Enrolling an apprentice: who they are, the standard version, the people around them, dates and money."""

from __future__ import annotations

from django import forms

from ksbtracker.people.models import Organisation, OrganisationKind, Role, User
from ksbtracker.standards.models import StandardVersion
from ksbtracker.web.dates import GOVUKDateField
from ksbtracker.web.forms import GDSForm


class StandardVersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference_number} {obj.title}, version {obj.version} (level {obj.level}, {obj.status or 'status not stated'})"


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})"


class EnrolmentForm(GDSForm):
    submit_label = "Enrol apprentice"
    full_name = forms.CharField(label="Apprentice's full name", max_length=200,
                                error_messages={"required": "Enter the apprentice's full name"})  # fmt: skip
    email = forms.EmailField(
        label="Apprentice's email address", help_text="They sign in with it. An existing account is reused.",
        error_messages={"required": "Enter the apprentice's email address",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )  # fmt: skip
    standard_version = StandardVersionChoice(
        label="Apprenticeship standard and version", queryset=StandardVersion.objects.none(),
        error_messages={"required": "Select the standard and version the apprentice starts on"},
    )  # fmt: skip
    employer = forms.ModelChoiceField(label="Employer", queryset=Organisation.objects.none(),
                                      error_messages={"required": "Select the employer"})  # fmt: skip
    assessor = PersonChoice(
        label="Assessor (practice tutor assessor)", queryset=User.objects.none(), required=False
    )
    line_manager = PersonChoice(label="Line manager", queryset=User.objects.none(), required=False,
                                help_text="A line manager at the employer.")  # fmt: skip
    epao = forms.ModelChoiceField(label="End-point assessment organisation (optional)", required=False,
                                  queryset=Organisation.objects.none())  # fmt: skip
    start_date = GOVUKDateField(label="Start date", help_text="For example, 1 9 2025")
    planned_end_date = GOVUKDateField(label="Planned end date", help_text="For example, 1 9 2027")
    weekly_hours = forms.DecimalField(
        label="Contracted hours a week", min_value=1, max_value=60, decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={"required": "Enter the contracted hours a week", "invalid": "Enter the hours as a number, like 37.5",
                        "min_value": "Contracted hours must be at least 1", "max_value": "Contracted hours must be 60 or fewer"},
    )  # fmt: skip
    agreed_price = forms.DecimalField(
        label="Agreed price, in pounds", min_value=0, max_digits=9, decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"required": "Enter the agreed price", "invalid": "Enter the price as a number, like 21000",
                        "min_value": "The price cannot be negative"},
    )  # fmt: skip

    def __init__(self, *args, provider: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard_version"].queryset = StandardVersion.objects.order_by(
            "reference_number", "version"
        )
        self.fields["employer"].queryset = Organisation.objects.filter(kind=OrganisationKind.EMPLOYER)
        self.fields["epao"].queryset = Organisation.objects.filter(kind=OrganisationKind.EPAO)
        self.fields["assessor"].queryset = User.objects.filter(
            memberships__organisation=provider, memberships__role=Role.ASSESSOR, is_active=True
        ).distinct()
        self.fields["line_manager"].queryset = User.objects.filter(
            memberships__role=Role.LINE_MANAGER, is_active=True
        ).distinct()

    def clean(self):
        data = super().clean()
        manager, employer = data.get("line_manager"), data.get("employer")
        if (
            manager
            and employer
            and not manager.memberships.filter(organisation=employer, role=Role.LINE_MANAGER).exists()
        ):
            self.add_error("line_manager", f"{manager.full_name} is not a line manager at {employer.name}")
        start, end = data.get("start_date"), data.get("planned_end_date")
        if start and end and end <= start:
            self.add_error("planned_end_date", "The planned end date must be after the start date")
        return data
