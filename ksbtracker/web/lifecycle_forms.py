"""Forms for changes during an apprenticeship: each has the date it takes effect and the reason."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from ksbtracker.people.employer_links import line_managers_at, linked_employers
from ksbtracker.people.models import Organisation, Role, User
from ksbtracker.standards.models import StandardVersion
from ksbtracker.web.enrolment_forms import PersonChoice, StandardVersionChoice
from ksbtracker.web.forms import GDSForm
from ksbtracker.web.funding_forms import FigureField, GOVUKDateField


class ChangeForm(GDSForm):
    """The fields every change has; subclasses put theirs first."""

    date_label = "Date the change takes effect"
    submit_label = "Record change"

    def __init__(self, *args, enrolment, **kwargs):
        self.enrolment = enrolment
        super().__init__(*args, **kwargs)
        self.fields["effective_on"] = GOVUKDateField(
            label=self.date_label, help_text="For example, 27 3 2026"
        )
        self.order_fields([name for name in self.fields if name not in ("effective_on", "reason")]
                          + ["effective_on", "reason"])  # fmt: skip
        self.helper.layout.fields[:] = list(self.fields)

    effective_on = GOVUKDateField(label="Date the change takes effect", help_text="For example, 27 3 2026")
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This shows on the apprentice's timeline. Do not name people on probation or victims.",
        error_messages={"required": "Enter the reason for the change"},
    )  # fmt: skip


def _agreed_by(required: bool) -> forms.CharField:
    return forms.CharField(
        label="Who agreed it for the employer?", max_length=200, required=required,
        help_text="The line manager or other person at the employer who agreed it.",
        error_messages={"required": "Enter who agreed it for the employer"},
    )  # fmt: skip


class PeopleChangeForm(ChangeForm):
    submit_label = "Record change"
    assessor = PersonChoice(
        label="Assessor (practice tutor assessor)", queryset=User.objects.none(), required=False
    )
    line_manager = PersonChoice(label="Line manager", queryset=User.objects.none(), required=False)

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, enrolment=enrolment, **kwargs)
        self.fields["assessor"].queryset = User.objects.filter(
            memberships__organisation_id=enrolment.provider_id,
            memberships__role=Role.ASSESSOR,
            is_active=True,
        ).distinct()
        self.fields["line_manager"].queryset = User.objects.filter(
            memberships__organisation_id=enrolment.employer_id,
            memberships__role=Role.LINE_MANAGER,
            is_active=True,
        ).distinct()
        self.fields["line_manager"].help_text = f"A line manager at {enrolment.employer.name}."
        self.initial.setdefault("assessor", enrolment.assessor_id)
        self.initial.setdefault("line_manager", enrolment.line_manager_id)


class EmployerChangeForm(ChangeForm):
    submit_label = "Record new employer"
    date_label = "Date they start with the new employer"
    employer = forms.ModelChoiceField(label="New employer", queryset=Organisation.objects.none(),
                                      error_messages={"required": "Select the new employer"})  # fmt: skip
    line_manager = PersonChoice(label="Line manager at the new employer", queryset=User.objects.none(),
                                error_messages={"required": "Select the line manager at the new employer"})  # fmt: skip
    agreed_by = _agreed_by(False)

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, enrolment=enrolment, **kwargs)
        # Only employers the provider works with, and line managers there: never other providers'.
        linked = linked_employers(enrolment.provider)
        self.fields["employer"].queryset = linked.exclude(pk=enrolment.employer_id)
        self.fields["line_manager"].queryset = line_managers_at(
            Organisation.objects.filter(Q(pk__in=linked.values("pk")) | Q(pk=enrolment.employer_id))
        )


class HoursChangeForm(ChangeForm):
    submit_label = "Record new hours"
    weekly_hours = FigureField(label="New contracted hours a week", subject="Contracted hours", width=4,
                               min_value=1, max_value=60, decimal_places=2)  # fmt: skip
    agreed_by = _agreed_by(True)


class BreakForm(ChangeForm):
    submit_label = "Record break in learning"
    date_label = "Date the break starts"
    expected_return_on = GOVUKDateField(label="Expected return date", help_text="For example, 27 6 2026")
    agreed_by = _agreed_by(False)


class ReturnForm(ChangeForm):
    submit_label = "Record return"
    date_label = "Date they returned"


class WithdrawalForm(ChangeForm):
    submit_label = "Record withdrawal"
    date_label = "Date of withdrawal"


class GatewayForm(ChangeForm):
    submit_label = "Record gateway"
    date_label = "Date they went through gateway"


class CompletionForm(ChangeForm):
    submit_label = "Record completion"
    date_label = "Date of completion"


class VersionMoveForm(ChangeForm):
    submit_label = "Move to this version"
    date_label = "Date they move to the new version"
    to_version = StandardVersionChoice(label="New version", queryset=StandardVersion.objects.none(),
                                       error_messages={"required": "Select the new version"})  # fmt: skip

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, enrolment=enrolment, **kwargs)
        current = enrolment.standard_version
        self.fields["to_version"].queryset = StandardVersion.objects.filter(
            reference_number=current.reference_number
        ).exclude(pk=current.pk)
        self.fields["to_version"].help_text = (
            "Evidence, sign-offs and off-the-job hours carry over by the confirmed crosswalk between the versions."
        )
