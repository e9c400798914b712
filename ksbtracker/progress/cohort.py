"""A cohort's KSBs at a glance: each apprentice's status per KSB for a page of rows, and per-KSB totals for
the whole cohort, in a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus, KSBDecision
from ksbtracker.reviews.models import KSBSignOff
from ksbtracker.scans.models import DecisionOutcome, PriorLearningDecision, ScanKind, ScanStatus

from .status import KSBStatus, status_from

__all__ = ["HeatmapRow", "heatmap_rows", "ksb_totals"]


def _signed_off(enrolments) -> QuerySet:
    return KSBSignOff.objects.filter(enrolment__in=enrolments).values_list("enrolment_id", "ksb_id")


def _recognised(enrolments) -> QuerySet:
    return PriorLearningDecision.objects.filter(
        scan__enrolment__in=enrolments, scan__kind=ScanKind.BASELINE, scan__status=ScanStatus.LOCKED,
        outcome=DecisionOutcome.FULL,
    ).values_list("scan__enrolment_id", "ksb_id")  # fmt: skip


def _met(enrolments) -> QuerySet:
    return KSBDecision.objects.filter(
        round__item__enrolment__in=enrolments, round__item__status=EvidenceStatus.ACCEPTED, outcome="met"
    ).values_list("round__item__enrolment_id", "ksb_id")


def _submitted(enrolments) -> QuerySet:
    return (
        EvidenceItem.ksbs.through.objects.filter(evidenceitem__enrolment__in=enrolments)
        .exclude(evidenceitem__status=EvidenceStatus.DRAFT)
        .values_list("evidenceitem__enrolment_id", "ksb_id")
    )


@dataclass(frozen=True)
class HeatmapRow:
    enrolment: object
    cells: list[tuple[object, str, bool]]  # (KSB, status, via prior learning)


def heatmap_rows(enrolments: list, ksbs: list) -> list[HeatmapRow]:
    """One row per enrolment (a page of them) with every KSB's status (four queries)."""
    ids = [e.pk for e in enrolments]
    signed, recognised, met, submitted = (
        set(pairs(ids)) for pairs in (_signed_off, _recognised, _met, _submitted)
    )
    rows = []
    for enrolment in enrolments:
        cells = []
        for ksb in ksbs:
            key = (enrolment.pk, ksb.pk)
            status = status_from(signed_off=key in signed or key in recognised, met=key in met,
                                 submitted=key in submitted)  # fmt: skip
            cells.append((ksb, status, key in recognised and key not in signed))
        rows.append(HeatmapRow(enrolment, cells))
    return rows


def ksb_totals(enrolments: QuerySet) -> dict[int, dict[str, int]]:
    """Per KSB, how many of the cohort's apprentices have it signed off, and evidenced or signed off.

    One query: the (apprentice, KSB) pairs of each source are united and counted in the database.
    """
    cohort = enrolments.values("pk")
    totals: dict[int, dict[str, int]] = {}
    for status, sources in ((KSBStatus.SIGNED_OFF, (_signed_off, _recognised)),
                            (KSBStatus.EVIDENCED, (_signed_off, _recognised, _met))):  # fmt: skip
        parts = [source(cohort).query.sql_with_params() for source in sources]
        # The SQL is Django's own for these querysets; every value is a parameter.
        sql = " UNION ".join(f"SELECT * FROM ({part}) AS p{i}" for i, (part, _) in enumerate(parts))  # noqa: S608
        params = [p for _, part_params in parts for p in part_params]
        with connection.cursor() as cursor:
            # Each part selects (enrolment_id, ksb_id); the union keeps one row per pair.
            cursor.execute(f"SELECT ksb_id, COUNT(*) FROM ({sql}) AS pairs GROUP BY ksb_id", params)  # noqa: S608
            for ksb_id, count in cursor.fetchall():
                totals.setdefault(ksb_id, {})[status] = count
    return totals
