"""Career pathways: what a learner signed off in earlier apprenticeships, linked to the KSBs of this one."""

from __future__ import annotations

from dataclasses import dataclass, field

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.people.models import Enrolment
from ksbtracker.progress.status import KSBStatus, ksb_statuses

from .models import CrosswalkLink

__all__ = ["RelatedKSB", "related_learning"]


@dataclass
class RelatedKSB:
    label: str  # e.g. "ST0494 v1.1 K6"
    text: str
    provider: str
    evidence: list = field(default_factory=list)  # accepted evidence items mapped to the earlier KSB


def related_learning(enrolment) -> dict[int, list[RelatedKSB]]:
    """{KSB id of ``enrolment``'s standard: the linked KSBs signed off in the learner's other apprenticeships}."""
    others = list(
        Enrolment.objects.filter(learner_id=enrolment.learner_id).exclude(pk=enrolment.pk)
        .select_related("standard_version", "provider")
    )  # fmt: skip
    links = list(
        CrosswalkLink.objects.filter(
            to_version=enrolment.standard_version,
            to_ksb__isnull=False,
            from_ksb__standard_version__in={o.standard_version_id for o in others},
        ).select_related("from_ksb__standard_version")
    )
    result: dict[int, list[RelatedKSB]] = {}
    for other in others:
        mine = [link for link in links if link.from_ksb.standard_version_id == other.standard_version_id]
        if not mine:
            continue
        signed_off = {p.ksb.pk for p in ksb_statuses(other) if p.status == KSBStatus.SIGNED_OFF}
        items = EvidenceItem.objects.filter(enrolment=other, status=EvidenceStatus.ACCEPTED).prefetch_related(
            "ksbs"
        )
        by_ksb: dict[int, list] = {}
        for item in items:
            for ksb in item.ksbs.all():
                by_ksb.setdefault(ksb.pk, []).append(item)
        for link in mine:
            if link.from_ksb_id not in signed_off:
                continue
            version = link.from_ksb.standard_version
            result.setdefault(link.to_ksb_id, []).append(RelatedKSB(
                label=f"{version.reference_number} v{version.version} {link.from_ksb.code}", text=link.from_ksb.text,
                provider=other.provider.name, evidence=by_ksb.get(link.from_ksb_id, []),
            ))  # fmt: skip
    return result
