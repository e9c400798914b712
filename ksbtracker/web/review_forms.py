"""Forms for the progress review pages: when it was held, the write-up with next actions, the frequency."""

from __future__ import annotations

import datetime

from django import forms

from ksbtracker.reviews.services import REVIEW_TEXT_FIELDS
from ksbtracker.web.dates import dashed_date, typed_date
from ksbtracker.web.forms import GDSForm, RevisionField

SECTION_LABELS = {
    "progress_against_actions": ("Progress against the previous actions", ""),
    "slippage": ("Slippage", "Where the apprentice is behind, why, and what will be done"),
    "plan_changes": ("Changes to the training plan", "A change to a signed plan needs a new version of it"),
    "concerns": ("Concerns", "From the apprentice, employer or provider, including welfare"),
    "changes_of_circumstance": ("Changes of circumstance", "For example a new role, team or working hours"),
    "new_prior_learning": ("Newly found prior learning", "It may reduce the hours, duration and price"),
}
SECTION_LIMIT = 5000
ACTION_ROWS = 4


class ReviewStartForm(GDSForm):
    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"] = dashed_date(
            label="Date the review was held", earliest=enrolment.start_date, latest=datetime.date.today
        )

    def first_input_id(self, name: str) -> str:
        return "held_on-day"


class ReviewForm(GDSForm):
    """The write-up: a text for each section, up to four next actions, KSBs to sign off, the revision seen."""

    revision = RevisionField()

    def __init__(self, *args, review, actions, to_sign_off, **kwargs):
        initial = {"revision": review.revision} | {name: getattr(review, name) for name in REVIEW_TEXT_FIELDS}
        for index, action in enumerate(actions):
            initial |= {f"description-{index}": action.description, f"owner-{index}": action.owner,
                        f"due_on-{index}": action.due_on}  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        for name in REVIEW_TEXT_FIELDS:
            label, hint = SECTION_LABELS[name]
            self.fields[name] = forms.CharField(
                label=label, help_text=hint, required=False, max_length=SECTION_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
            )  # fmt: skip
        self.rows = max(ACTION_ROWS, len(actions))
        for index in range(self.rows):
            number = index + 1
            self.fields[f"description-{index}"] = forms.CharField(
                label=f"What will be done in next action {number}", required=False, max_length=1000
            )
            self.fields[f"owner-{index}"] = forms.CharField(
                label=f"Owner of next action {number}", required=False, max_length=200
            )
            self.fields[f"due_on-{index}"] = dashed_date(
                label=f"The due date of next action {number}", required=False, earliest=review.held_on,
                latest=review.held_on + datetime.timedelta(days=3 * 366),
            )  # fmt: skip
        self.fields["sign_off"] = forms.TypedMultipleChoiceField(
            choices=[(row.ksb.pk, row.ksb.code) for row in to_sign_off], coerce=int, required=False,
            error_messages={"invalid_choice": "Select only KSBs that are evidenced and not yet signed off"},
        )  # fmt: skip
        self.state_limits()

    def first_input_id(self, name: str) -> str:
        if name.startswith("due_on-"):
            return f"{name}-day"
        if name == "sign_off":
            return "sign-off"
        return name if name in self.fields else "progress_against_actions"

    def clean(self):
        data = super().clean()
        for index in range(self.rows):
            number = index + 1
            described = data.get(f"description-{index}", "").strip()
            owner, due = data.get(f"owner-{index}", "").strip(), data.get(f"due_on-{index}")
            if described and not owner and f"owner-{index}" not in self.errors:
                self.add_error(f"owner-{index}", f"Enter who owns next action {number}")
            if described and due is None and f"due_on-{index}" not in self.errors:
                self.add_error(f"due_on-{index}", f"Enter the due date of next action {number}")
            if not described and (owner or due):
                self.add_error(f"description-{index}", f"Enter what will be done in next action {number}")
        return data

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in REVIEW_TEXT_FIELDS}

    def actions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"description": data[f"description-{i}"].strip(), "owner": data[f"owner-{i}"].strip(),
             "due_on": data[f"due_on-{i}"], "number": i + 1}
            for i in range(self.rows)
            if data[f"description-{i}"].strip()
        ]  # fmt: skip

    def sections(self) -> list[tuple]:
        return [
            (name, *SECTION_LABELS[name], self.entry_value(name), " ".join(self[name].errors))
            for name in REVIEW_TEXT_FIELDS
        ]

    def entry_value(self, name: str) -> str:
        value = self[name].value()
        return "" if value is None else str(value)

    def action_rows(self) -> list[dict]:
        return [
            self.entry(index, ("description", "owner"), index=index, number=index + 1,
                       due=typed_date(self[f"due_on-{index}"]), date_name=f"due_on-{index}",
                       due_error=" ".join(self[f"due_on-{index}"].errors))
            for index in range(self.rows)
        ]  # fmt: skip

    def add_review_error(self, error) -> None:
        """A service's refusal; its action numbers count only the rows filled in."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        filled = [i for i in range(self.rows) if self.cleaned_data.get(f"description-{i}", "").strip()]
        for key, messages in error.message_dict.items():
            name, _, position = key.rpartition("-")
            if name in ("owner", "due_on") and position.isdigit() and int(position) < len(filled):
                key = f"{name}-{filled[int(position)]}"
            self.add_error(key if key in self.fields else None, messages)


class ReviewFrequencyForm(GDSForm):
    submit_label = "Record frequency"

    interval = forms.IntegerField(
        label="Every", min_value=1, max_value=52,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={"required": "Enter how often, between 1 and 52", "invalid": "Enter how often, between 1 and 52",
                        "min_value": "Enter how often, between 1 and 52", "max_value": "Enter how often, between 1 and 52"},
    )  # fmt: skip
    unit = forms.ChoiceField(
        label="Unit", choices=[("weeks", "Weeks"), ("calendar_months", "Calendar months")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose weeks or calendar months", "invalid_choice": "Choose weeks or calendar months"},
    )  # fmt: skip
    reason = forms.CharField(
        label="Why was a different frequency agreed?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why a different frequency was agreed"},
    )  # fmt: skip
    agreed_by = forms.CharField(
        label="Who agreed it for the employer?", max_length=200,
        error_messages={"required": "Enter who agreed it for the employer"},
    )  # fmt: skip
