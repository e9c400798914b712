"""Reads for skills scans: the KSBs to rate, the ratings side by side, and distance travelled."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q

from ksbtracker.standards.models import KSB, Duty

from .models import PriorLearning, PriorLearningDecision, RaterRole, Rating, RatingScale, SkillsScan

__all__ = [
    "scan_ksbs",
    "KSBRow",
    "scan_rows",
    "DISAGREEMENT_POINTS",
    "distance_travelled",
    "agreed_rating",
    "baseline_for",
    "compare_with_baseline",
    "scales_for_provider",
]

DISAGREEMENT_POINTS = 2


def scan_ksbs(scan: SkillsScan) -> list[KSB]:
    """Every KSB of the scan's standard version, in code order, with the duties each serves."""
    cache = getattr(scan, "_ksb_cache", None)
    if cache is None:
        cache = list(
            KSB.objects.filter(standard_version_id=scan.enrolment.standard_version_id)
            .order_by("kind", "number")
            .prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("number")))
        )
        cache.sort(key=lambda k: ("KSB".index(k.kind), k.number))
        scan._ksb_cache = cache
    return cache


@dataclass
class KSBRow:
    ksb: KSB
    ratings: dict[str, Rating] = field(default_factory=dict)
    prior_learning: PriorLearning | None = None
    decision: PriorLearningDecision | None = None

    def value(self, role: str) -> int | None:
        rating = self.ratings.get(role)
        return rating.value if rating else None

    @property
    def learner(self):
        return self.value(RaterRole.LEARNER)

    @property
    def assessor(self):
        return self.value(RaterRole.ASSESSOR)

    @property
    def line_manager(self):
        return self.value(RaterRole.LINE_MANAGER)

    @property
    def disagreement(self) -> bool:
        """True when any two of the three ratings are two or more points apart."""
        values = [v for v in (self.learner, self.assessor, self.line_manager) if v is not None]
        return len(values) >= 2 and max(values) - min(values) >= DISAGREEMENT_POINTS


def scan_rows(scan: SkillsScan, *, kind: str | None = None) -> list[KSBRow]:
    """One row per KSB with every rating, the prior learning and the decision (a fixed number of queries)."""
    rows = {k.pk: KSBRow(ksb=k) for k in scan_ksbs(scan) if kind is None or k.kind == kind}
    for rating in Rating.objects.filter(scan=scan, ksb_id__in=rows):
        rows[rating.ksb_id].ratings[rating.rater_role] = rating
    for prior in PriorLearning.objects.filter(scan=scan, ksb_id__in=rows).prefetch_related(
        "qualifications", "files"
    ):
        rows[prior.ksb_id].prior_learning = prior
    for decision in PriorLearningDecision.objects.filter(scan=scan, ksb_id__in=rows):
        rows[decision.ksb_id].decision = decision
    return list(rows.values())


def _percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    if denominator == 0:
        return Decimal("0")
    return (numerator * 100 / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def distance_travelled(*, baseline: list[int], later: list[int], bottom: int, top: int) -> dict:
    """Scores as a share of the top of the scale, and the share of the gap to the top that has closed.

    60% → 80% closes 50% of the gap. With no gap left at the baseline, nothing can close: 0%.
    """
    span = Decimal(top - bottom) * len(baseline)
    start = Decimal(sum(v - bottom for v in baseline))
    end = Decimal(sum(v - bottom for v in later))
    start_percent, end_percent = _percent(start, span), _percent(end, span)
    gap = span - start
    return {
        "baseline_percent": start_percent,
        "later_percent": end_percent,
        "gap_closed_percent": _percent(end - start, gap) if gap else Decimal("0"),
    }


def agreed_rating(row: KSBRow) -> int | None:
    """The rating that stands for a KSB: the assessor's, else the line manager's, else the learner's."""
    for value in (row.assessor, row.line_manager, row.learner):
        if value is not None:
            return value
    return None


@dataclass
class Comparison:
    ksb: KSB
    baseline: int | None
    later: int | None

    @property
    def change(self) -> int | None:
        if self.baseline is None or self.later is None:
            return None
        return self.later - self.baseline


def baseline_for(scan: SkillsScan) -> SkillsScan | None:
    """The locked baseline a re-scan is compared with (the latest locked version)."""
    return (
        SkillsScan.objects.filter(enrolment_id=scan.enrolment_id, kind="baseline", status="locked")
        .select_related("scale")
        .order_by("-version")
        .first()
    )


def compare_with_baseline(
    *, rescan: SkillsScan, baseline: SkillsScan
) -> tuple[list[Comparison], dict | None]:
    """Per KSB the agreed rating then and now, and overall distance travelled across the KSBs rated both times."""
    before = {r.ksb.pk: agreed_rating(r) for r in scan_rows(baseline)}
    rows = [Comparison(r.ksb, before.get(r.ksb.pk), agreed_rating(r)) for r in scan_rows(rescan)]
    paired = [c for c in rows if c.baseline is not None and c.later is not None]
    if not paired:
        return rows, None
    points = [p.value for p in rescan.scale.points.all()]
    overall = distance_travelled(
        baseline=[c.baseline for c in paired],
        later=[c.later for c in paired],
        bottom=min(points),
        top=max(points),
    )
    return rows, overall


def scales_for_provider(provider_id: int):
    """The default scale and the provider's own, with their points."""
    return (
        RatingScale.objects.filter(Q(provider__isnull=True, is_default=True) | Q(provider_id=provider_id))
        .prefetch_related("points")
        .order_by("-is_default", "name")
    )
