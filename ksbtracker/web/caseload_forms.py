"""The caseload's filters: a GET form whose choices come from the apprentices the person can see."""

from __future__ import annotations

from django import forms

from ksbtracker.people.models import Organisation
from ksbtracker.progress.caseload import SORTS, CaseloadFilters
from ksbtracker.progress.rag import RAG
from ksbtracker.standards.models import StandardVersion


class CaseloadFilterForm(forms.Form):
    name = forms.CharField(label="Apprentice name", required=False, max_length=100)
    standard = forms.TypedChoiceField(label="Standard", required=False, coerce=int, empty_value=None)
    employer = forms.TypedChoiceField(label="Employer", required=False, coerce=int, empty_value=None)
    rag = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *RAG.choices])
    overdue_review = forms.BooleanField(label="Review overdue", required=False)
    waiting = forms.BooleanField(label="Evidence waiting for assessment", required=False)
    sort = forms.ChoiceField(required=False, choices=[(key, label) for key, (label, _) in SORTS.items()])
    dir = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])

    def __init__(self, data, *, enrolments):
        super().__init__(data)
        standards = StandardVersion.objects.filter(pk__in=enrolments.values("standard_version_id")).only(
            "pk", "reference_number", "version", "title"
        )
        self.fields["standard"].choices = [("", "Any standard")] + [
            (s.pk, f"{s.reference_number} v{s.version} {s.title}")
            for s in standards.order_by("reference_number", "version")
        ]
        employers = Organisation.objects.filter(pk__in=enrolments.values("employer_id")).only("pk", "name")
        self.fields["employer"].choices = [("", "Any employer")] + [(o.pk, o.name) for o in employers]

    def filters(self) -> CaseloadFilters:
        """The filters asked for; anything not understood is left out, as if it had not been asked."""
        values = {}
        if self.is_bound:
            self.is_valid()  # a field that fails is left out of cleaned_data; the others still apply
            values = self.cleaned_data
        filters = CaseloadFilters(
            name=(values.get("name") or "").strip(),
            standard=values.get("standard"),
            employer=values.get("employer"),
            rag=values.get("rag") or "",
            overdue_review=bool(values.get("overdue_review")),
            waiting=bool(values.get("waiting")),
            sort=values.get("sort") or "rag",
            descending=values.get("dir") == "desc",
        )
        filters.applied = self._in_words(filters)
        return filters

    def _in_words(self, filters: CaseloadFilters) -> list[str]:
        words = []
        if filters.name:
            words.append(f"Name contains “{filters.name}”")
        for key in ("standard", "employer"):
            value = getattr(filters, key)
            if value:
                words.append(f"{self.fields[key].label}: {dict(self.fields[key].choices).get(value, value)}")
        if filters.rag:
            words.append(f"Status: {RAG(filters.rag).label}")
        if filters.overdue_review:
            words.append("Review overdue")
        if filters.waiting:
            words.append("Evidence waiting for assessment")
        return words
