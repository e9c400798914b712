"""Forms for the training plan pages: build a plan from the baseline, and each KSB's hours and activities."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from ksbtracker.web.forms import GDSForm, RevisionField
from ksbtracker.web.funding_forms import FigureField

ACTIVITIES_LIMIT = 2000
MOST_HOURS = Decimal(10000)


class PlanCreateForm(GDSForm):
    submit_label = "Build the training plan"

    required_hours = FigureField(
        label="OTJ hours planned without prior learning", subject="Planned OTJ hours", required=False,
        min_value=Decimal(1), max_value=MOST_HOURS, decimal_places=2,
    )  # fmt: skip

    def __init__(self, *args, default_hours: Decimal | None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["required_hours"]
        if default_hours is None:
            field.required = True
            field.help_text = "The standard publishes no minimum, so enter the hours, for example 278"
        else:
            field.help_text = (
                f"Leave blank to use {default_hours.normalize():f}, the minimum under the funding rules "
                "in force at the start date"
            )


class PlanItemsForm(GDSForm):
    """Every KSB's planned hours; for those still to train, the activities and the module."""

    revision = RevisionField()

    def __init__(self, *args, plan, items, modules, **kwargs):
        super().__init__(*args, initial={"revision": plan.revision}, **kwargs)
        self.items = items
        module_choices = [("", "None")] + [(m.pk, m.title) for m in modules]
        for item in items:
            code, pk = item.ksb.code, item.ksb_id
            self.fields[f"hours-{pk}"] = FigureField(
                label=f"Planned hours for {code}", subject=f"Planned hours for {code}", width=4,
                max_value=MOST_HOURS, decimal_places=2, initial=item.planned_hours,
                error_messages={"required": f"Enter the planned hours for {code} as a number, 0 or more"},
            )  # fmt: skip
            if item.hours_to_train <= 0:
                continue  # recognised in full as prior learning: nothing to train
            self.fields[f"activities-{pk}"] = forms.CharField(
                label=f"Activities for {code}", required=False, max_length=ACTIVITIES_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}), initial=item.activities,
            )  # fmt: skip
            if modules:
                self.fields[f"module-{pk}"] = forms.TypedChoiceField(
                    label=f"Module for {code}", choices=module_choices, coerce=int, empty_value=None,
                    required=False, initial=item.module_id,
                    error_messages={"invalid_choice": f"Choose one of the modules for {code}"},
                )  # fmt: skip
        self.state_limits()

    def first_input_id(self, name: str) -> str:
        return name if name in self.fields else self.first_hours_id()

    def first_hours_id(self) -> str:
        return next((n for n in self.fields if n.startswith("hours-")), "main-content")

    def changes(self) -> dict:
        """The service's arguments: hours, activities and modules by KSB id, and the revision seen."""
        data = self.cleaned_data
        taught = [i.ksb_id for i in self.items if f"activities-{i.ksb_id}" in self.fields]
        return {
            "hours": {i.ksb_id: data[f"hours-{i.ksb_id}"] for i in self.items},
            "activities": {pk: data[f"activities-{pk}"].strip() for pk in taught},
            "modules": {pk: data.get(f"module-{pk}") for pk in taught if f"module-{pk}" in self.fields},
            "seen_revision": data["revision"],
        }

    def add_plan_error(self, error) -> None:
        """The service's refusal, shown where it can be put right."""
        if getattr(error, "code", None) == "stale" or not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        codes = {i.ksb.code: i.ksb_id for i in self.items}
        for key, messages in error.message_dict.items():
            for message in messages:
                pk = codes.get(message.split(" for ")[-1].split(",")[0])
                name = f"{key.removesuffix('s')}-{pk}" if pk else None
                self.add_error(name if name in self.fields else None, message)

    def entries(self) -> dict[int, dict]:
        return {i.ksb_id: self.entry(i.ksb_id, ("hours", "activities", "module")) for i in self.items}
