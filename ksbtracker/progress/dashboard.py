"""What a learner's dashboard shows: KSB tiles, distance travelled, OTJ hours month by month, what comes next.

Each function takes an enrolment already fetched through an access function and costs a fixed number of
queries, whatever the portfolio's size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.reviews.models import ProgressReview, ReviewAction, ReviewStatus
from ksbtracker.scans.models import ScanKind, ScanStatus, SkillsScan
from ksbtracker.scans.selectors import baseline_for, compare_with_baseline
from ksbtracker.standards.models import Duty

from .models import OTJLogEntry
from .status import KSBProgress, ksb_statuses

__all__ = ["Tile", "ksb_tiles", "otj_by_month", "latest_distance", "next_actions", "TILE_STATUSES"]

# Tile statuses in the order of the key: the KSB status, with prior learning told apart from a sign-off.
TILE_STATUSES = [
    ("not_started", "Not started", "N"),
    ("in_progress", "In progress", "P"),
    ("evidenced", "Evidenced", "E"),
    ("signed_off", "Signed off", "S"),
    ("prior_learning", "Prior learning", "R"),
]
_LABELS = {key: (label, letter) for key, label, letter in TILE_STATUSES}


@dataclass(frozen=True)
class Tile:
    progress: KSBProgress
    status: str

    @property
    def label(self) -> str:
        return _LABELS[self.status][0]

    @property
    def letter(self) -> str:
        return _LABELS[self.status][1]


def tile_status(progress: KSBProgress) -> str:
    return "prior_learning" if progress.via_prior_learning else progress.status


def ksb_tiles(enrolment, *, duty_number: int | None = None) -> tuple[list[tuple[str, list[Tile]]], list[Duty]]:
    """Tiles grouped by kind (knowledge, skills, behaviours), only the duty's KSBs if one is chosen; and the
    standard's duties to choose from."""
    duties = list(Duty.objects.filter(standard_version_id=enrolment.standard_version_id).order_by("number"))
    statuses = ksb_statuses(enrolment)
    if duty_number is not None:
        wanted = set(
            Duty.ksbs.through.objects.filter(
                duty__standard_version_id=enrolment.standard_version_id, duty__number=duty_number
            ).values_list("ksb_id", flat=True)
        )
        statuses = [s for s in statuses if s.ksb.pk in wanted]
    groups: dict[str, list[Tile]] = {}
    for progress in statuses:
        groups.setdefault(progress.ksb.get_kind_display(), []).append(Tile(progress, tile_status(progress)))
    return list(groups.items()), duties


def otj_by_month(enrolment) -> list[tuple[datetime.date, Decimal, Decimal]]:
    """(month, hours that month, cumulative hours) from submitted evidence and the OTJ log, oldest first."""
    monthly: dict[datetime.date, Decimal] = {}
    evidence = (
        EvidenceItem.objects.filter(enrolment=enrolment, is_off_the_job=True)
        .exclude(status=EvidenceStatus.DRAFT)
        .annotate(month=TruncMonth("activity_date"))
        .values("month")
        .annotate(hours=Sum("otj_hours"))
    )
    log = (
        OTJLogEntry.objects.filter(enrolment=enrolment)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(hours=Sum("hours"))
    )
    for row in [*evidence, *log]:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        monthly[month] = monthly.get(month, Decimal(0)) + (row["hours"] or Decimal(0))
    result, total = [], Decimal(0)
    for month in sorted(monthly):
        total += monthly[month]
        result.append((month, monthly[month], total))
    return result


def latest_distance(enrolment):
    """(the latest locked re-scan, per-KSB comparisons, overall figures, scale bottom, top) or None."""
    rescan = (
        SkillsScan.objects.filter(enrolment=enrolment, kind=ScanKind.RESCAN, status=ScanStatus.LOCKED)
        .select_related("scale")
        .order_by("-locked_at", "-pk")
        .first()
    )
    if rescan is None:
        return None
    baseline = baseline_for(rescan)
    if baseline is None:
        return None
    rows, overall = compare_with_baseline(rescan=rescan, baseline=baseline)
    points = [p.value for p in rescan.scale.points.all()]
    return rescan, rows, overall, min(points), max(points)


def next_actions(enrolment) -> list[ReviewAction]:
    """The actions agreed at the latest signed review."""
    last = (
        ProgressReview.objects.filter(enrolment=enrolment, status=ReviewStatus.SIGNED)
        .order_by("-held_on", "-pk")
        .first()
    )
    return list(ReviewAction.objects.filter(review=last)) if last else []
