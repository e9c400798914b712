"""Forms for the skills scan pages: ratings per kind of KSB, the provider's decisions, start, sign and correct."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from ksbtracker.scans.models import DecisionOutcome, ScanKind
from ksbtracker.scans.services import COMMENT_LIMIT, RatingAnswer
from ksbtracker.web.forms import GDSForm, RevisionField
from ksbtracker.web.funding_forms import FigureField

RATIONALE_LIMIT = 4000


class RatingsForm(GDSForm):
    """One rater's ratings of one kind of KSB: a point on the scale and an optional comment for each."""

    def __init__(self, *args, rows, points, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.points, self.role = rows, list(points), role
        choices = [(str(p.value), f"{p.value} {p.label}") for p in self.points]
        for row in rows:
            code, pk, mine = row.ksb.code, row.ksb.pk, row.ratings.get(role)
            self.fields[f"rating-{pk}"] = forms.ChoiceField(
                label=f"Rating for {code}", choices=choices, required=False, widget=forms.RadioSelect,
                initial=str(mine.value) if mine else None,
                error_messages={"invalid_choice": f"Choose a point on the scale for {code}"},
            )  # fmt: skip
            self.fields[f"comment-{pk}"] = forms.CharField(
                label=f"Comment on {code} (optional)", required=False, max_length=COMMENT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}), initial=mine.comment if mine else "",
            )  # fmt: skip
            self.fields[f"revision-{pk}"] = RevisionField(initial=mine.revision if mine else 0)
        self.state_limits()

    def first_input_id(self, name: str) -> str:
        kind, _, pk = name.partition("-")
        if kind == "rating" and self.points:
            return f"rating-{pk}-{self.points[0].value}"
        return name if name in self.fields else "main-content"

    def clean(self):
        data = super().clean()
        for row in self.rows:
            pk = row.ksb.pk
            commented = data.get(f"comment-{pk}", "").strip()
            if commented and not data.get(f"rating-{pk}") and f"rating-{pk}" not in self.errors:
                self.add_error(
                    f"rating-{pk}", f"Choose a rating for {row.ksb.code} to save your comment on it"
                )
        return data

    def answers(self) -> list[RatingAnswer]:
        data = self.cleaned_data
        return [
            RatingAnswer(
                row.ksb.pk,
                int(data[f"rating-{row.ksb.pk}"]) if data.get(f"rating-{row.ksb.pk}") else None,
                data.get(f"comment-{row.ksb.pk}", "").strip(),
                data.get(f"revision-{row.ksb.pk}") or 0,
            )
            for row in self.rows
        ]

    def entries(self) -> list[dict]:
        return [self.entry(row.ksb.pk, ("rating", "comment", "revision"), row=row) for row in self.rows]


class DecisionsForm(GDSForm):
    """The provider's decision on prior learning for every KSB: outcome, share of hours if in part, reason."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code, pk, decision = row.ksb.code, row.ksb.pk, row.decision
            self.fields[f"outcome-{pk}"] = forms.ChoiceField(
                label=f"Decision on {code}", choices=DecisionOutcome.choices, required=False,
                widget=forms.RadioSelect, initial=decision.outcome if decision else None,
                error_messages={"invalid_choice": f"{code}: choose whether prior learning is recognised"},
            )  # fmt: skip
            self.fields[f"share-{pk}"] = FigureField(
                label="If in part: share of the hours recognised (%)", subject=f"{code}: the share",
                width=3, required=False, min_value=Decimal(1), max_value=Decimal(99), decimal_places=2,
                initial=decision.share_percent if decision else None,
            )  # fmt: skip
            self.fields[f"rationale-{pk}"] = forms.CharField(
                label=f"Reason for the decision on {code}", required=False, max_length=RATIONALE_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}), initial=decision.rationale if decision else "",
            )  # fmt: skip
        self.state_limits()

    def first_input_id(self, name: str) -> str:
        kind, _, pk = name.partition("-")
        if kind == "outcome":
            return f"outcome-{pk}-{DecisionOutcome.FULL}"
        return name if name in self.fields else "main-content"

    def add_decision_error(self, ksb, error) -> None:
        """A service's refusal of the decision on ``ksb``, shown on that KSB's fields."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, [f"{ksb.code}: {m}" for m in error.messages])
            return
        fields = {"outcome": "outcome", "share_percent": "share", "rationale": "rationale"}
        for key, messages in error.message_dict.items():
            name = f"{fields[key]}-{ksb.pk}" if key in fields else None
            self.add_error(name, [f"{ksb.code}: {m}" for m in messages])

    def decisions(self) -> list[tuple[object, str, str, Decimal | None]]:
        """(KSB, outcome, reason, share) for every KSB with anything entered."""
        data = self.cleaned_data
        result = []
        for row in self.rows:
            pk = row.ksb.pk
            outcome, rationale = data.get(f"outcome-{pk}") or "", data.get(f"rationale-{pk}", "").strip()
            if outcome or rationale:
                result.append((row.ksb, outcome, rationale, data.get(f"share-{pk}")))
        return result

    def entries(self) -> list[dict]:
        return [self.entry(row.ksb.pk, ("outcome", "share", "rationale"), row=row) for row in self.rows]


class StartScanForm(GDSForm):
    """Start a skills scan: a baseline or a re-scan, on one of the provider's rating scales."""

    kind = forms.ChoiceField(choices=ScanKind.choices, required=False)
    scale = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, scales, **kwargs):
        super().__init__(*args, **kwargs)
        self.scales = {s.pk: s for s in scales}
        self.fields["scale"].choices = [("", "Default")] + [(pk, s.name) for pk, s in self.scales.items()]
        self.fields["scale"].error_messages["invalid_choice"] = "Choose one of your provider's rating scales"

    def chosen_kind(self) -> str:
        return self.cleaned_data.get("kind") or ScanKind.BASELINE

    def chosen_scale(self):
        return self.scales.get(self.cleaned_data.get("scale"))


class RatingScaleForm(GDSForm):
    """A provider's own rating scale: a name, and a label and a descriptor for each point."""

    MAX_POINTS = 7
    summary_first = ("name",)  # the name stands above the points on the page

    name = forms.CharField(label="Name of the scale", required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(self.MAX_POINTS):
            self.fields[f"label-{index}"] = forms.CharField(
                label=f"Label for point {index}", required=False, max_length=60
            )
            self.fields[f"descriptor-{index}"] = forms.CharField(
                label=f"Descriptor for point {index}", required=False, max_length=300
            )
        self.state_limits()

    def first_input_id(self, name: str) -> str:
        return {"points": "label-0"}.get(name, name if name in self.fields else "name")

    def points(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data[f"label-{i}"], data[f"descriptor-{i}"]) for i in range(self.MAX_POINTS)]

    def entries(self) -> list[dict]:
        return [self.entry(index, ("label", "descriptor"), index=index) for index in range(self.MAX_POINTS)]
