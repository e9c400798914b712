"""Enrolling an apprentice: who they are, the standard version, the people around them, dates and money."""

from __future__ import annotations

from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout
from django import forms
from django.forms.utils import ErrorDict
from django.utils.html import escape

from ksbtracker.people.employer_links import (
    line_managers_at,
    linked_employers,
    search_employers,
    search_line_managers,
)
from ksbtracker.people.models import Organisation, OrganisationKind, Role, User
from ksbtracker.standards.models import StandardVersion
from ksbtracker.web.dates import GOVUKDateField
from ksbtracker.web.forms import GDSForm


class StandardVersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference_number} {obj.title}, version {obj.version} (level {obj.level}, {obj.status or 'status not stated'})"


def _id(value) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


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
    employer_search = forms.CharField(
        label="Search for the employer", required=False, max_length=100,
        help_text="Part of the employer's name. Only employers your provider works with are found.",
        error_messages={"max_length": "The search must be 100 characters or fewer"},
    )  # fmt: skip
    employer = forms.ModelChoiceField(
        label="Select the employer", queryset=Organisation.objects.none(), widget=forms.RadioSelect,
        error_messages={"required": "Search for the employer and select it",
                        "invalid_choice": "Search for the employer and select it"},
    )  # fmt: skip
    assessor = PersonChoice(
        label="Assessor (practice tutor assessor)", queryset=User.objects.none(), required=False
    )
    line_manager_search = forms.CharField(
        label="Search for the line manager (optional)", required=False, max_length=100,
        help_text="Part of their name or email address. Only line managers at the employer are found.",
        error_messages={"max_length": "The search must be 100 characters or fewer"},
    )  # fmt: skip
    line_manager = PersonChoice(
        label="Select the line manager", queryset=User.objects.none(), required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Search for the line manager at the employer and select them"},
    )  # fmt: skip
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
        self.fields["employer"].legend = "Employer"
        self.fields["line_manager"].legend = "Line manager"
        self._searchable_people(provider)
        self.fields["epao"].queryset = Organisation.objects.filter(kind=OrganisationKind.EPAO)
        self.fields["assessor"].queryset = User.objects.filter(
            memberships__organisation=provider, memberships__role=Role.ASSESSOR, is_active=True
        ).distinct()

    def _searchable_people(self, provider: Organisation) -> None:
        """Employers and line managers are offered only as search results (and what was chosen before),
        never listed: only employers linked to the provider, and line managers at them."""
        data = self.data if self.is_bound else {}
        linked = linked_employers(provider)
        chosen = _id(data.get("employer"))
        found = search_employers(provider, str(data.get("employer_search", ""))[:100])
        self.fields["employer"].queryset = linked.filter(pk__in=[*found, *([chosen] if chosen else [])])
        at = linked.filter(pk=chosen) if chosen else linked
        chosen_manager = _id(data.get("line_manager"))
        found_managers = search_line_managers(at, str(data.get("line_manager_search", ""))[:100])
        self.fields["line_manager"].queryset = line_managers_at(linked).filter(
            pk__in=[*found_managers, *([chosen_manager] if chosen_manager else [])]
        )
        searches = {"employer_search": ("employer", "Find employers", "employers"),
                    "line_manager_search": ("line_manager", "Find line managers", "line managers")}
        layout = []
        for name in self.fields:
            if name in searches:
                layout.append(self._search_fieldset(name, *searches[name]))
            elif name not in {"employer", "line_manager"}:
                layout.append(name)
        self.helper.layout = Layout(*layout)

    def _search_fieldset(self, search: str, choice: str, button: str, plural: str) -> Fieldset:
        """The search box, its button (a submit button of this form, so nothing typed is lost) and the
        results as radios, or what was searched for and not found."""
        searched = " ".join(str(self.data.get(search, "") if self.is_bound else "").split())[:100]
        if self.fields[choice].queryset.exists():
            results = Field.radios(choice, small=True)
        elif searched:
            results = HTML(f'<p class="govuk-body">No {plural} found for ‘{escape(searched)}’.</p>')
        else:
            results = HTML("")
        return Fieldset(
            search, Button.secondary(f"find_{choice}", button), results,
            legend=self.fields[choice].legend, legend_size="m",
        )  # fmt: skip

    def searching(self) -> bool:
        """True when a Find button was pressed: the page is shown again with the results, and no errors."""
        if not (self.is_bound and {"find_employer", "find_line_manager"} & set(self.data)):
            return False
        self._errors = ErrorDict()
        return True

    def clean(self):
        data = super().clean()
        # With nothing found yet there are no radios to show the error beside: it goes with the search box.
        for choice in ("employer", "line_manager"):
            if choice in self._errors and not self.fields[choice].queryset.exists():
                for message in self._errors.pop(choice):
                    self.add_error(f"{choice}_search", message)
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
