"""The status of each KSB, derived — never typed in. The rules live here and are shown on the help page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus, KSBDecision
from ksbtracker.reviews.models import KSBSignOff
from ksbtracker.scans.models import DecisionOutcome, PriorLearningDecision, ScanKind, ScanStatus

__all__ = ["KSBStatus", "STATUS_RULES", "KSBProgress", "ksb_statuses", "status_from"]


class KSBStatus(TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    EVIDENCED = "evidenced", "Evidenced"
    SIGNED_OFF = "signed_off", "Signed off"


# Shown to users on the help page, in this order. The code below applies them from the top.
STATUS_RULES = [
    (KSBStatus.SIGNED_OFF, "The assessor has confirmed competence in the KSB (usually at a progress review), or "
     "the locked baseline skills scan recognised prior learning for it in full."),
    (KSBStatus.EVIDENCED, "The assessor judged the KSB met in at least one accepted evidence item."),
    (KSBStatus.IN_PROGRESS, "Evidence mapped to the KSB has been submitted for assessment."),
    (KSBStatus.NOT_STARTED, "No evidence mapped to the KSB has been submitted yet."),
]  # fmt: skip


@dataclass
class KSBProgress:
    ksb: object
    status: str
    accepted_items: int = 0
    submitted_items: int = 0
    via_prior_learning: bool = False

    @property
    def status_label(self) -> str:
        return KSBStatus(self.status).label


def status_from(*, signed_off: bool, met: bool, submitted: bool) -> str:
    """STATUS_RULES applied from the top."""
    if signed_off:
        return KSBStatus.SIGNED_OFF
    if met:
        return KSBStatus.EVIDENCED
    if submitted:
        return KSBStatus.IN_PROGRESS
    return KSBStatus.NOT_STARTED


def ksb_statuses(enrolment) -> list[KSBProgress]:
    """Every KSB of the enrolment's standard version with its derived status (a fixed number of queries)."""
    ksbs = list(enrolment.standard_version.ksbs.order_by("kind", "number").select_related("standard_version"))
    ksbs.sort(key=lambda k: ("KSB".index(k.kind), k.number))
    signed_off = set(KSBSignOff.objects.filter(enrolment=enrolment).values_list("ksb_id", flat=True))
    recognised = set(
        PriorLearningDecision.objects.filter(
            scan__enrolment=enrolment, scan__kind=ScanKind.BASELINE, scan__status=ScanStatus.LOCKED,
            outcome=DecisionOutcome.FULL,
        ).values_list("ksb_id", flat=True)
    )  # fmt: skip
    met = {}
    for ksb_id, item_id in KSBDecision.objects.filter(
        round__item__enrolment=enrolment, round__item__status=EvidenceStatus.ACCEPTED, outcome="met"
    ).values_list("ksb_id", "round__item_id"):
        met.setdefault(ksb_id, set()).add(item_id)
    submitted = {}
    for ksb_id, item_id in (
        EvidenceItem.ksbs.through.objects.filter(evidenceitem__enrolment=enrolment)
        .exclude(evidenceitem__status=EvidenceStatus.DRAFT)
        .values_list("ksb_id", "evidenceitem_id")
    ):
        submitted.setdefault(ksb_id, set()).add(item_id)
    result = []
    for ksb in ksbs:
        status = status_from(
            signed_off=ksb.pk in signed_off or ksb.pk in recognised,
            met=bool(met.get(ksb.pk)),
            submitted=bool(submitted.get(ksb.pk)),
        )
        result.append(
            KSBProgress(
                ksb=ksb,
                status=status,
                accepted_items=len(met.get(ksb.pk, ())),
                submitted_items=len(submitted.get(ksb.pk, ())),
                via_prior_learning=ksb.pk in recognised and ksb.pk not in signed_off,
            )  # fmt: skip
        )
    return result
