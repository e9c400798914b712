"""The quality report: per assessor and per standard, how many sampled, the outcomes and actions still open."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import QualityOutcome, SampledAssessment

__all__ = ["ReportRow", "quality_report", "REPORT_COLUMNS"]

REPORT_COLUMNS = [
    "Group",
    "Name",
    "Sampled",
    "Reviewed",
    "Agree",
    "Agree with action",
    "Disagree",
    "Actions open",
]


@dataclass
class ReportRow:
    group: str
    name: str
    sampled: int = 0
    outcomes: dict = field(default_factory=lambda: dict.fromkeys(QualityOutcome.values, 0))
    actions_open: int = 0

    @property
    def reviewed(self) -> int:
        return sum(self.outcomes.values())

    def cells(self) -> list:
        return [
            self.group,
            self.name,
            self.sampled,
            self.reviewed,
            *self.outcomes.values(),
            self.actions_open,
        ]


def quality_report(provider_ids: list[int]) -> dict[str, list[ReportRow]]:
    """Rows per assessor and per standard over every plan of the providers (one query)."""
    samples = SampledAssessment.objects.filter(plan__provider_id__in=provider_ids).values_list(
        "outcome", "acknowledged_at", "round__assessed_by__full_name",
        "round__item__enrolment__standard_version__reference_number",
        "round__item__enrolment__standard_version__title",
    )  # fmt: skip
    groups: dict[str, dict[str, ReportRow]] = {"assessor": {}, "standard": {}}
    for outcome, acknowledged_at, assessor, reference, title in samples:
        for group, name in (("assessor", assessor), ("standard", f"{reference} {title}")):
            row = groups[group].setdefault(
                name, ReportRow("Assessor" if group == "assessor" else "Standard", name)
            )
            row.sampled += 1
            if outcome:
                row.outcomes[outcome] += 1
            if outcome in (QualityOutcome.AGREE_WITH_ACTION, QualityOutcome.DISAGREE) and not acknowledged_at:
                row.actions_open += 1
    return {group: sorted(rows.values(), key=lambda r: r.name) for group, rows in groups.items()}
