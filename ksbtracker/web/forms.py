"""Forms: one base class wires crispy-forms-gds and the error summary; feature forms declare labels and messages."""

import datetime
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from ksbtracker.web.dates import GOVUKDateField

BIGGEST_REVISION = 2**31 - 1


class GDSFormMixin:
    """The base of every form: GOV.UK layout, limits stated on the page and one error summary.

    Text longer than a field's limit is refused with a message naming the limit (never cut), and
    the limit is stated in the hint of every text area.
    """

    submit_label = "Continue"
    # Fields whose errors lead the summary (for example a confirmation the page asks for first).
    summary_first: tuple[str, ...] = ()
    # The id of the first input of a field, where the template pack's guess is wrong.
    first_input_ids: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state_limits()
        self.helper = FormHelper()
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        # With a layout, crispy-forms-gds turns the sizes into GOV.UK classes (govuk-label--s).
        self.helper.layout = Layout(*self.fields)
        self.helper.add_input(Submit("submit", self.submit_label))

    def state_limits(self) -> None:
        """Word the limits of every field (call again after adding fields)."""
        for field in self.fields.values():
            state_limits(field)

    def entry(self, key: int, parts: tuple[str, ...], **extra) -> dict:
        """One row of a form with a row of fields per record (named ``part-key``): what each shows, and its error.

        {"part": value shown, "part_error": message, ...extra}: the value as typed after a submission,
        else the saved value, so that a refused page shows everything that was typed.
        """
        entry = dict(extra)
        for part in parts:
            name = f"{part}-{key}"
            if name not in self.fields:
                continue
            value = self[name].value()
            if isinstance(value, Decimal):
                value = f"{value.normalize():f}"
            entry[part] = "" if value is None else str(value)
            entry[f"{part}_error"] = " ".join(self.errors.get(name, []))
        return entry

    def pressed(self) -> str:
        """The value of the button pressed to submit the form (its buttons are named "action")."""
        return str(self.data.get("action", ""))[:40] if self.is_bound else ""

    def error_summary(self) -> list[dict]:
        """The GOV.UK error summary: each message linked to the first input of its field."""
        order = list(self.fields)
        names = sorted(
            self.errors,
            key=lambda n: (n not in self.summary_first, order.index(n) if n in self.fields else -1),
        )
        return [
            {"text": message, "href": "#" + self.first_input_id(name)}
            for name in names
            for message in self.errors[name]
        ]

    def first_input_id(self, name: str) -> str:
        if name not in self.fields:
            return f"id_{next(iter(self.fields))}" if self.fields else "main-content"
        if name in self.first_input_ids:
            return self.first_input_ids[name]
        widget = self.fields[name].widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return f"id_{name}_1"
        if isinstance(widget, forms.MultiWidget):
            return f"id_{name}_0"
        return f"id_{name}"

    def add_service_error(self, error: ValidationError, fields: dict[str, str] | None = None) -> None:
        """Show a service's errors on this form; ``fields`` maps the service's keys to field names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        fields = fields or {}
        for key, messages in error.message_dict.items():
            name = fields.get(key, key)
            self.add_error(name if name in self.fields else None, messages)


def state_limits(field: forms.Field) -> None:
    """GOV.UK wording for a text field's limit and for characters no one can type; the limit shown in its hint."""
    if not isinstance(field, forms.CharField):
        return
    subject = str(field.label or "This").removesuffix(" (optional)")
    field.error_messages.setdefault(
        "null_characters_not_allowed", f"{subject} must not contain null characters"
    )
    subject = subject.replace("%", "%%")  # the limit message is %-formatted
    if field.max_length is None or isinstance(field.widget, forms.HiddenInput):
        return
    limit = f"{field.max_length:,}"
    field.error_messages.setdefault("max_length", f"{subject} must be {limit} characters or fewer")
    if isinstance(field.widget, forms.Textarea) and "characters" not in str(field.help_text):
        field.help_text = f"{field.help_text} You can enter up to {limit} characters.".strip()


def posted(request):
    """The submitted data on a POST (even when empty, so that an empty submission is checked), else None."""
    return request.POST if request.method == "POST" else None


class GDSForm(GDSFormMixin, forms.Form):
    pass


class GDSModelForm(GDSFormMixin, forms.ModelForm):
    pass


class RevisionField(forms.IntegerField):
    """The revision of a record when the page was loaded, sent back to find a second writer."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False, min_value=0, max_value=BIGGEST_REVISION, widget=forms.HiddenInput, **kwargs
        )

    def clean(self, value):
        try:
            return super().clean(value)  # None when the page sent none: nothing to check against
        except forms.ValidationError:
            return -1  # never a real revision: the page is treated as out of date, and nothing is lost


class ConfirmForm(GDSForm):
    """Tick to confirm before signing, with the message that asks for it."""

    confirm = forms.BooleanField(label="I have read this and agree that it is a true record")

    def __init__(self, *args, message: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["confirm"]
        field.error_messages = {**field.error_messages, "required": message}

    def first_input_id(self, name: str) -> str:
        return "confirm"


class ReasonForm(GDSForm):
    """The reason for starting a new version of a locked or signed record."""

    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason"},
    )  # fmt: skip

    def __init__(self, *args, required_message: str = "Enter the reason", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.error_messages = {**field.error_messages, "required": required_message}

    def first_input_id(self, name: str) -> str:
        return "reason"


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
    date_awarded = GOVUKDateField(
        label="Date awarded (optional)",
        required=False,
        help_text="For example, 27 3 2019",
        earliest=datetime.date(1950, 1, 1),
        latest=datetime.date.today,
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
