"""Forms for crosswalks: which two standard versions, and for each old KSB the new KSB it maps to."""

from __future__ import annotations

from django import forms

from ksbtracker.pathways.crosswalk import sorted_ksbs
from ksbtracker.standards.models import StandardVersion
from ksbtracker.web.enrolment_forms import StandardVersionChoice
from ksbtracker.web.forms import GDSForm


class CrosswalkChoiceForm(GDSForm):
    submit_label = "Show the crosswalk"
    from_version = StandardVersionChoice(label="From", queryset=StandardVersion.objects.none(),
                                         error_messages={"required": "Select the standard version to map from"})  # fmt: skip
    to_version = StandardVersionChoice(label="To", queryset=StandardVersion.objects.none(),
                                       error_messages={"required": "Select the standard version to map to"})  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        for name in ("from_version", "to_version"):
            self.fields[name].queryset = StandardVersion.objects.order_by("reference_number", "version")

    def clean(self):
        data = super().clean()
        if data.get("from_version") and data.get("from_version") == data.get("to_version"):
            self.add_error("to_version", "Select a different standard version to map to")
        return data


class CrosswalkForm(GDSForm):
    """One choice per old KSB, starting from the confirmed link or the text match suggested."""

    submit_label = "Confirm crosswalk"

    def __init__(self, *args, suggestions, to_version, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "No matching KSB")] + [
            (str(k.pk), f"{k.code}: {k.text[:90]}") for k in sorted_ksbs(to_version)
        ]
        for suggestion in suggestions:
            ksb = suggestion.from_ksb
            if suggestion.confirmed:
                hint = (
                    f"Confirmed ({suggestion.score}% matching text)."
                    if suggestion.to_ksb
                    else "Confirmed: no match."
                )
            elif suggestion.to_ksb:
                hint = f"Suggested by matching text ({suggestion.score}%): check it."
            else:
                hint = "No KSB's text matches closely: choose one, or leave it unmatched."
            self.fields[f"ksb_{ksb.pk}"] = forms.ChoiceField(
                label=f"{ksb.code}: {ksb.text}", choices=choices, required=False, help_text=hint,
                initial=str(suggestion.to_ksb.pk) if suggestion.to_ksb else "",
            )  # fmt: skip
        self.helper.layout.fields[:] = list(self.fields)

    def choices(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("ksb_")): int(value) if value else None
            for name, value in self.cleaned_data.items()
        }
