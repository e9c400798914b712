"""The cohort heatmap's filters; the choices come from the apprentices the person can see."""

from __future__ import annotations

import datetime

from django import forms

from ksbtracker.people.models import Organisation, User
from ksbtracker.standards.models import StandardVersion


class HeatmapFilterForm(forms.Form):
    standard = forms.TypedChoiceField(label="Standard version", required=False, coerce=int, empty_value=None)
    cohort = forms.ChoiceField(label="Started in", required=False)
    employer = forms.TypedChoiceField(label="Employer", required=False, coerce=int, empty_value=None)
    assessor = forms.TypedChoiceField(label="Assessor", required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, enrolments):
        super().__init__(data)
        standards = StandardVersion.objects.filter(pk__in=enrolments.values("standard_version_id")).only(
            "pk", "reference_number", "version", "title"
        ).order_by("reference_number", "version")
        self.fields["standard"].choices = [(s.pk, f"{s.reference_number} v{s.version} {s.title}") for s in standards]
        months = enrolments.order_by().dates("start_date", "month", order="DESC")
        self.fields["cohort"].choices = [("", "Any month")] + [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]
        employers = Organisation.objects.filter(pk__in=enrolments.values("employer_id")).only("pk", "name")
        self.fields["employer"].choices = [("", "Any employer")] + [(o.pk, o.name) for o in employers]
        assessors = User.objects.filter(pk__in=enrolments.values("assessor_id")).only("pk", "full_name")
        self.fields["assessor"].choices = [("", "Any assessor")] + [(u.pk, u.full_name) for u in assessors]

    def chosen(self) -> dict:
        """The filters asked for (anything not understood left out); the first standard when none is chosen."""
        values = {}
        if self.is_bound:
            self.is_valid()
            values = dict(self.cleaned_data)
        choices = self.fields["standard"].choices
        if not values.get("standard") and choices:
            values["standard"] = choices[0][0]
        cohort = values.get("cohort") or ""
        values["cohort_month"] = datetime.date.fromisoformat(f"{cohort}-01") if cohort else None
        values["applied"] = [
            f"{self.fields[key].label}: {dict(self.fields[key].choices).get(values[key])}"
            for key in ("standard", "cohort", "employer", "assessor") if values.get(key)
        ]  # fmt: skip
        return values

    def cohort_of(self, enrolments, values):
        """``enrolments`` narrowed to the chosen standard, month, employer and assessor."""
        enrolments = enrolments.filter(standard_version_id=values.get("standard") or 0)
        if values["cohort_month"]:
            month = values["cohort_month"]
            enrolments = enrolments.filter(start_date__year=month.year, start_date__month=month.month)
        for key in ("employer", "assessor"):
            if values.get(key):
                enrolments = enrolments.filter(**{f"{key}_id": values[key]})
        return enrolments
