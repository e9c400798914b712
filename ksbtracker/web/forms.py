"""Forms: one base class wires crispy-forms-gds; feature forms declare labels, hints and messages."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm


class GDSFormMixin:
    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        # With a layout, crispy-forms-gds turns the sizes into GOV.UK classes (govuk-label--s).
        self.helper.layout = Layout(*self.fields)
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


class PriorLearningForm(GDSForm):
    submit_label = "Save prior learning"
    experience = forms.CharField(
        label="Experience",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="What you did, where and when. Do not name people on probation or victims.",
    )
    qualification_title = forms.CharField(
        label="Qualification title (optional)", required=False, max_length=200
    )
    qualification_level = forms.CharField(label="Level (optional)", required=False, max_length=40)
    awarding_body = forms.CharField(label="Awarding body (optional)", required=False, max_length=200)
    date_awarded = forms.DateField(
        label="Date awarded (optional)",
        required=False,
        help_text="For example, 27 3 2019 or 2019-03-27",
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Enter the date awarded as a real date, for example 27 3 2019"},
    )

    def clean(self):
        data = super().clean()
        has_qualification_details = (
            data.get("qualification_level") or data.get("awarding_body") or data.get("date_awarded")
        )
        if has_qualification_details and not data.get("qualification_title"):
            self.add_error("qualification_title", "Enter the qualification title")
        if not data.get("experience") and not data.get("qualification_title") and not self.errors:
            self.add_error("experience", "Describe your experience or enter a qualification")
        return data


class PasswordResetRequestForm(GDSFormMixin, PasswordResetForm):
    submit_label = "Send me a link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )


class ChoosePasswordForm(GDSFormMixin, SetPasswordForm):
    submit_label = "Save password"
