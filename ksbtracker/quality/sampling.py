"""Drawing a sample: the assessments a plan covers, the risk-based picks, and a seeded random draw.

The draw is reproducible: the same plan (filters, size and recorded seed) over the same assessments gives
the same sample, so anyone can check which assessments were picked and why.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass

from django.db.models import Min, QuerySet

from ksbtracker.evidence.models import AssessmentRound, KSBOutcome, RoundOutcome

from .models import SampleReason, SamplingPlan

__all__ = ["NEW_ASSESSOR_DAYS", "QUICK_DECISION", "population", "draw", "Draw"]

# An assessor whose first assessment was this recent (before the end of the period) is a new assessor.
NEW_ASSESSOR_DAYS = 90
# Evidence accepted with every KSB "met" this soon after it was submitted is a quick decision.
QUICK_DECISION = datetime.timedelta(minutes=30)


def population(plan: SamplingPlan) -> QuerySet[AssessmentRound]:
    """Every assessed round the plan covers, at the plan's provider."""
    rounds = AssessmentRound.objects.filter(
        item__enrolment__provider_id=plan.provider_id,
        assessed_at__isnull=False,
        assessed_at__date__gte=plan.period_from,
        assessed_at__date__lte=plan.period_to,
    )
    if plan.assessor_id:
        rounds = rounds.filter(assessed_by_id=plan.assessor_id)
    if plan.standard_reference:
        rounds = rounds.filter(item__enrolment__standard_version__reference_number=plan.standard_reference)
    if plan.evidence_type:
        rounds = rounds.filter(item__evidence_type=plan.evidence_type)
    if plan.decision:
        rounds = rounds.filter(outcome=plan.decision)
    return rounds.order_by("pk")


@dataclass(frozen=True)
class Draw:
    population_size: int
    picks: list[tuple[int, str]]  # (round id, reason), in the order drawn


def _risk_picks(plan: SamplingPlan, rounds: list[AssessmentRound]) -> dict[int, str]:
    picks: dict[int, str] = {}
    if plan.include_new_assessors:
        since = plan.period_to - datetime.timedelta(days=NEW_ASSESSOR_DAYS)
        firsts = dict(
            AssessmentRound.objects.filter(assessed_by_id__in={r.assessed_by_id for r in rounds})
            .values("assessed_by_id").annotate(first=Min("assessed_at")).values_list("assessed_by_id", "first")
        )  # fmt: skip
        for r in rounds:
            if firsts[r.assessed_by_id].date() >= since:
                picks[r.pk] = SampleReason.NEW_ASSESSOR
    if plan.include_quick_decisions:
        not_met = set(
            AssessmentRound.objects.filter(pk__in=[r.pk for r in rounds], decisions__outcome__in=[
                KSBOutcome.NOT_MET, KSBOutcome.PARTLY_MET]).values_list("pk", flat=True)
        )  # fmt: skip
        for r in rounds:
            quick = r.assessed_at - r.submitted_at <= QUICK_DECISION
            if r.outcome == RoundOutcome.ACCEPTED and quick and r.pk not in not_met:
                picks.setdefault(r.pk, SampleReason.QUICK_DECISION)
    return picks


def draw(plan: SamplingPlan) -> Draw:
    """The risk-based picks, then a random draw (seeded with ``plan.seed``) up to the rate or size."""
    rounds = list(population(plan).only("pk", "assessed_by_id", "submitted_at", "assessed_at", "outcome"))
    risk = _risk_picks(plan, rounds)
    if plan.sample_size is not None:
        target = plan.sample_size
    else:
        target = math.ceil(len(rounds) * plan.sample_percent / 100)
    rest = [r.pk for r in rounds if r.pk not in risk]
    count = min(max(target - len(risk), 0), len(rest))
    chosen = random.Random(plan.seed).sample(rest, count)  # noqa: S311 - a reproducible sample, not a secret
    picks = sorted(risk.items()) + [(pk, SampleReason.RANDOM) for pk in chosen]
    return Draw(population_size=len(rounds), picks=picks)
