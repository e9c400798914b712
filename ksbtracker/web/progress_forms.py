"""Forms for the progress pages: the off-the-job log, a qualification achieved, the gateway confirmation."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms

from ksbtracker.web.dates import dashed_date
from ksbtracker.web.forms import GDSForm
from ksbtracker.web.funding_forms import FigureField


class OTJLogForm(GDSForm):
    """Training that produced no evidence item: when, what, how long, and the KSBs it developed."""

    activity = forms.CharField(
        label="What was the training?",
        max_length=300,
        error_messages={"required": "Enter what the training was"},
    )
    hours = FigureField(
        label="Hours", subject="Hours", width=4, max_value=Decimal(24), decimal_places=2,
        error_messages={"required": "Enter the hours as a number, for example 3.5",
                        "invalid": "Enter the hours as a number, for example 3.5"},
    )  # fmt: skip
    ksbs = forms.TypedMultipleChoiceField(
        coerce=int, required=False,
        error_messages={"invalid_choice": "Choose KSBs from this apprentice's standard"},
    )  # fmt: skip

    def __init__(self, *args, ksbs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"] = dashed_date(label="Date of the training")
        self.fields["ksbs"].choices = [(k.pk, k.code) for k in ksbs]
        self.order_fields(["date", "activity", "hours", "ksbs"])

    def first_input_id(self, name: str) -> str:
        return {"date": "date-day", "ksbs": "ksbs"}.get(name, name if name in self.fields else "date-day")


class QualificationForm(GDSForm):
    title = forms.CharField(
        label="Qualification", max_length=300, error_messages={"required": "Enter the qualification's title"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achieved"] = dashed_date(
            label="Date achieved", earliest=datetime.date(1950, 1, 1), latest=datetime.date.today
        )

    def first_input_id(self, name: str) -> str:
        return "achieved-day" if name != "title" else "title"


class GatewayForm(GDSForm):
    statement = forms.CharField(
        label="Your confirmation", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your confirmation"},
    )  # fmt: skip


class ModuleForm(GDSForm):
    """A module of the provider's programme: its title, what it covers and the KSBs it teaches."""

    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the module's title"}
    )
    description = forms.CharField(
        label="What the module covers (optional)", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    ksbs = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": "Select the KSBs the module covers",
                        "invalid_choice": "Select KSBs of this standard version"},
    )  # fmt: skip

    def __init__(self, *args, ksbs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ksbs"].choices = [(k.pk, k.code) for k in ksbs]
        self.first_ksb = f"ksb-{ksbs[0].pk}" if ksbs else "ksbs"

    def first_input_id(self, name: str) -> str:
        return self.first_ksb if name == "ksbs" else name if name in self.fields else "title"
