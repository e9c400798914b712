"""Framework coverage: which criteria of the probation frameworks (NOMS core competences, National
Occupational Standards, the Practice Framework) accepted evidence covers, for one apprentice or a cohort."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.evidence.selectors import assessable_frameworks

__all__ = ["CriterionCoverage", "apprentice_coverage", "cohort_coverage"]


@dataclass(frozen=True)
class CriterionCoverage:
    criterion: object
    count: int  # accepted items (one apprentice) or apprentices covered (a cohort)
    percent: int | None = None


def _accepted_links(enrolments) -> QuerySet:
    return EvidenceItem.criteria.through.objects.filter(
        evidenceitem__enrolment__in=enrolments, evidenceitem__status=EvidenceStatus.ACCEPTED
    )


def apprentice_coverage(enrolment) -> list[tuple[object, list[CriterionCoverage]]]:
    """Per framework, each assessable criterion with the number of the apprentice's accepted items on it."""
    counts = dict(
        _accepted_links([enrolment.pk]).values("criterion_id").annotate(n=Count("evidenceitem_id", distinct=True))
        .values_list("criterion_id", "n")
    )  # fmt: skip
    return [(framework, [CriterionCoverage(c, counts.get(c.pk, 0)) for c in criteria])
            for framework, criteria in assessable_frameworks()]  # fmt: skip


def cohort_coverage(enrolments: QuerySet) -> tuple[int, list[tuple[object, list[CriterionCoverage]]]]:
    """(cohort size, per framework each criterion with how many apprentices accepted evidence covers)."""
    size = enrolments.count()
    counts = dict(
        _accepted_links(enrolments.values("pk")).values("criterion_id")
        .annotate(n=Count("evidenceitem__enrolment_id", distinct=True)).values_list("criterion_id", "n")
    )  # fmt: skip
    return size, [
        (framework, [CriterionCoverage(c, counts.get(c.pk, 0), round(100 * counts.get(c.pk, 0) / size) if size else 0)
                     for c in criteria])
        for framework, criteria in assessable_frameworks()
    ]  # fmt: skip
