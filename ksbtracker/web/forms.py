"""Forms: one base class wires crispy-forms-gds; feature forms declare labels, hints and messages."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from ksbtracker.people.models import Enrolment


class GDSFormMixin:
    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.add_input(Submit("submit", self.submit_label))


class GDSForm(GDSFormMixin, forms.Form):
    pass


class GDSModelForm(GDSFormMixin, forms.ModelForm):
    pass


class SignInForm(GDSFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive except the email.",
        "inactive": "This account is inactive. Ask your provider to reactivate it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false"}
        )
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"


class StandardUploadForm(GDSForm):
    submit_label = "Import standard"
    file = forms.FileField(
        label="Standard JSON file",
        help_text="A file from the apprenticeship standards API, in JSON format. Largest size: 2 MB.",
        error_messages={"required": "Select a JSON file to import"},
    )


class EnrolmentForm(GDSModelForm):
    submit_label = "Save enrolment"

    class Meta:
        model = Enrolment
        fields = [
            "learner",
            "standard_version",
            "employer",
            "provider",
            "epao",
            "assessor",
            "line_manager",
            "start_date",
            "planned_end_date",
            "weekly_hours",
            "agreed_price",
        ]
