"""Forms for the evidence pages: an item, a file, an assessment. Labels and messages in GOV.UK wording."""

from __future__ import annotations

import json
from decimal import Decimal

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, ConditionalQuestion, ConditionalRadios, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape

from ksbtracker.evidence.files import allowed_types_sentence, max_upload_bytes, size_label
from ksbtracker.evidence.models import EvidenceType, KSBOutcome
from ksbtracker.evidence.services import EvidenceDetails
from ksbtracker.standards.models import KSBKind
from ksbtracker.web.dates import GOVUKDateField
from ksbtracker.web.forms import GDSForm
from ksbtracker.web.funding_forms import FigureField

YES_NO = [("yes", "Yes"), ("no", "No")]
KSB_GROUPS = [(KSBKind.KNOWLEDGE, "Knowledge"), (KSBKind.SKILL, "Skills"), (KSBKind.BEHAVIOUR, "Behaviours")]
NO_NAMES = (
    "Write about people as “the person on probation” or “Mr X”: no names, case reference numbers, "
    "PNC numbers, dates of birth or addresses."
)


def _literal(text: str) -> str:
    """Text for an HTML layout object: escaped, and with no template syntax left for crispy to run."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


class PersonalDataConfirmationMixin:
    """The box to confirm that what the personal-data check found is not personal data.

    The fields are always there; they are shown (with the findings, listed by the page) only once the
    check has found something. The hidden field carries exactly the findings shown, so that ticking the
    box confirms those and nothing the learner has not seen.
    """

    summary_first = ("confirm_not_personal_data",)

    def add_confirmation_fields(self) -> None:
        self.findings = []
        self.fields["confirm_not_personal_data"] = forms.BooleanField(
            label="I have checked each of these and none of them is personal data", required=False
        )
        self.fields["shown_findings"] = forms.CharField(widget=forms.HiddenInput, required=False)

    def show_findings(self, findings) -> None:
        """List ``findings`` on the page with an unticked box, and ask the learner to act on them."""
        self.findings = list(findings)
        shown = json.dumps([f.text for f in self.findings])
        if self.is_bound:
            data = self.data.copy()
            data["shown_findings"] = shown
            data.pop("confirm_not_personal_data", None)
            self.data = data
        self.initial["shown_findings"] = shown
        self.helper.layout.fields[0:0] = [Field("confirm_not_personal_data"), "shown_findings"]
        self.add_error(
            "confirm_not_personal_data",
            "Remove the personal data listed, or confirm that none of it is personal data",
        )

    def confirmed_texts(self) -> list[str]:
        """The findings the learner was shown and confirmed, if they ticked the box."""
        if not self.cleaned_data.get("confirm_not_personal_data"):
            return []
        try:
            texts = json.loads(self.cleaned_data.get("shown_findings") or "[]")
        except ValueError:
            return []
        return [t for t in texts if isinstance(t, str)] if isinstance(texts, list) else []


class EvidenceItemForm(PersonalDataConfirmationMixin, GDSForm):
    submit_label = "Save evidence"
    # Radios with a revealed question are numbered from 0 by the template pack.
    first_input_ids = {"is_off_the_job": "id_is_off_the_job_0"}

    evidence_type = forms.ChoiceField(
        label="Type of evidence",
        choices=EvidenceType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the type of evidence",
            "invalid_choice": "Select the type of evidence",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A short name you will recognise, for example “Pre-sentence report on a theft case”.",
        error_messages={
            "required": "Enter a title for the evidence",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    activity_date = GOVUKDateField(label="Date of the activity", help_text="For example, 27 3 2026")
    account = forms.CharField(
        label="Your account",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=f"What happened, what you did and what you learned. {NO_NAMES}",
        error_messages={
            "required": "Enter your account of the activity",
            "max_length": "Your account must be 20,000 characters or fewer",
        },
    )
    is_off_the_job = forms.ChoiceField(
        label="Was this off-the-job training?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Learning in your paid hours that is not part of your everyday work.",
        error_messages={"required": "Select yes if this was off-the-job training"},
    )
    otj_hours = FigureField(
        label="Off-the-job hours", subject="Off-the-job hours", width=3, required=False,
        max_value=Decimal(24), decimal_places=2, help_text="For example, 3.5",
    )  # fmt: skip

    def __init__(self, *args, ksbs, duties, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.add_confirmation_fields()
        layout = [
            "evidence_type", "title", "activity_date", "account",
            ConditionalRadios("is_off_the_job", ConditionalQuestion("Yes", "otj_hours"), "No"),
            HTML('<h2 class="govuk-heading-m">What the evidence shows</h2>'
                 '<p class="govuk-body">Select at least one knowledge, skill or behaviour.</p>'),
        ]  # fmt: skip
        self.ksb_fields = []
        for kind, label in KSB_GROUPS:
            choices = [Choice(str(k.pk), k.code, hint=k.text) for k in ksbs if k.kind == kind]
            if choices:
                name = f"ksbs_{kind}"
                self.fields[name] = forms.MultipleChoiceField(
                    label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
                self.ksb_fields.append(name)
                layout.append(name)
        if duties:
            self.fields["duties"] = forms.MultipleChoiceField(
                label="Duties (optional)", required=False, widget=forms.CheckboxSelectMultiple,
                choices=[Choice(str(d.pk), d.code, hint=d.text) for d in duties],
            )  # fmt: skip
            layout.append("duties")
        self.criteria_fields = []
        for framework, criteria in frameworks:
            name = f"criteria_{framework.pk}"
            self.fields[name] = forms.MultipleChoiceField(
                label=f"{framework.short_title or framework.title} (optional)", required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[Choice(str(c.pk), c.code or c.title, hint=c.text or c.title) for c in criteria],
            )  # fmt: skip
            self.fields[name].label = _literal(self.fields[name].label)
            self.criteria_fields.append(name)
            chosen = self.data.getlist(name) if self.is_bound else self.initial.get(name)
            layout += [
                HTML(f'<details class="govuk-details"{" open" if chosen else ""}>'
                     f'<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
                     f"Map to {_literal(framework.title)}</span></summary><div class=\"govuk-details__text\">"),
                name,
                HTML("</div></details>"),
            ]  # fmt: skip
        self.helper.layout = Layout(*layout)

    def clean(self):
        data = super().clean()
        if (
            data.get("is_off_the_job") == "yes"
            and data.get("otj_hours") is None
            and "otj_hours" not in self.errors
        ):
            self.add_error("otj_hours", "Enter the off-the-job hours")
        if self.ksb_fields and not any(data.get(name) for name in self.ksb_fields):
            self.add_error(self.ksb_fields[0], "Select at least one KSB that this evidence shows")
        return data

    def details(self) -> EvidenceDetails:
        data = self.cleaned_data
        return EvidenceDetails(
            evidence_type=data["evidence_type"], title=data["title"], activity_date=data["activity_date"],
            account=data["account"], is_off_the_job=data["is_off_the_job"] == "yes",
            otj_hours=data.get("otj_hours") if data["is_off_the_job"] == "yes" else None,
            ksb_ids=[int(pk) for name in self.ksb_fields for pk in data.get(name, [])],
            duty_ids=[int(pk) for pk in data.get("duties", [])],
            criterion_ids=[int(pk) for name in self.criteria_fields for pk in data.get(name, [])],
        )  # fmt: skip

    def add_service_error(self, error: ValidationError, fields=None) -> None:
        """Show a service's errors against this form's fields (the KSBs are split by kind here)."""
        targets = {"ksbs": (self.ksb_fields or [None])[0], "criteria": (self.criteria_fields or [None])[0]}
        super().add_service_error(error, {k: v for k, v in targets.items() if v})

    @staticmethod
    def initial_for(item) -> dict:
        initial = {
            "evidence_type": item.evidence_type, "title": item.title, "activity_date": item.activity_date,
            "account": item.account, "is_off_the_job": "yes" if item.is_off_the_job else "no",
            "otj_hours": item.otj_hours, "duties": [str(d.pk) for d in item.duties.all()],
        }  # fmt: skip
        for kind, _ in KSB_GROUPS:
            initial[f"ksbs_{kind}"] = [str(k.pk) for k in item.ksbs.all() if k.kind == kind]
        for criterion in item.criteria.all():
            initial.setdefault(f"criteria_{criterion.framework_id}", []).append(str(criterion.pk))
        return initial


class AttachmentForm(PersonalDataConfirmationMixin, GDSForm):
    submit_label = "Upload file"

    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.fields["file"].help_text = (
            f"A {allowed_types_sentence()}. Each file must be smaller than {size_label(max_upload_bytes())}. "
            "The file name must not name anyone or include a case reference number."
        )
        self.add_confirmation_fields()
        self.helper.layout = Layout("file")

    @property
    def max_size_label(self) -> str:
        return size_label(max_upload_bytes())


class AssessmentForm(GDSForm):
    submit_label = "Save the assessment"

    def __init__(self, *args, ksbs, **kwargs):
        super().__init__(*args, **kwargs)
        self.ksbs = list(ksbs)
        layout = []
        for ksb in self.ksbs:
            self.fields[f"outcome_{ksb.pk}"] = forms.ChoiceField(
                label=f"Is {ksb.code} met?", choices=KSBOutcome.choices, widget=forms.RadioSelect,
                error_messages={"required": f"Select whether {ksb.code} is met, partly met or not met"},
            )  # fmt: skip
            self.fields[f"feedback_{ksb.pk}"] = forms.CharField(
                label=f"Feedback on {ksb.code}", required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Needed when it is partly met or not met: say what is missing and how to show it.",
            )  # fmt: skip
            layout += [
                HTML(f'<h2 class="govuk-heading-m" id="ksb-{ksb.pk}">{ksb.code}</h2>'
                     f'<p class="govuk-body">{_literal(ksb.text)}</p>'),
                Field.radios(f"outcome_{ksb.pk}", small=True),
                f"feedback_{ksb.pk}",
            ]  # fmt: skip
        self.fields["feedback"] = forms.CharField(
            label="Overall feedback (optional)", required=False, max_length=8000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )  # fmt: skip
        layout.append("feedback")
        self.helper.layout = Layout(*layout)

    def decisions(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            k.pk: (data.get(f"outcome_{k.pk}") or "", data.get(f"feedback_{k.pk}") or "") for k in self.ksbs
        }
