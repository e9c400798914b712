"""Reads for evidence: a portfolio with its mapping, an item's rounds, and the lists of work waiting."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce

from ksbtracker.people.models import Enrolment
from ksbtracker.standards.models import KSB, Criterion, Duty, Framework

from .access import assessable_enrolments, evidence_visible_to
from .models import AssessmentRound, EvidenceAttachment, EvidenceItem, EvidenceStatus, KSBDecision

__all__ = [
    "portfolio_items",
    "portfolio_listing",
    "portfolio_totals",
    "item_rounds",
    "with_mapping",
    "items_awaiting_assessment",
    "items_referred_to",
    "enrolment_ksbs",
    "enrolment_duties",
    "assessable_frameworks",
    "submitted_content",
    "sorted_ksbs",
]


def sorted_ksbs(ksbs) -> list[KSB]:
    """KSBs in the published order: knowledge, skills, behaviours, each by number."""
    return sorted(ksbs, key=lambda k: (k.kind_order, k.number))


_MAPPING = (
    Prefetch("ksbs", queryset=KSB.objects.order_by("kind", "number")),
    Prefetch("duties", queryset=Duty.objects.order_by("number")),
    Prefetch(
        "criteria", queryset=Criterion.objects.select_related("framework").order_by("framework", "position")
    ),
    Prefetch("attachments", queryset=EvidenceAttachment.objects.order_by("uploaded_at", "id")),
)


def _with_mapping(items: QuerySet[EvidenceItem]) -> QuerySet[EvidenceItem]:
    return items.prefetch_related(*_MAPPING)


def with_mapping(item: EvidenceItem) -> EvidenceItem:
    """The item (already fetched through an access function) with its mapping and files loaded."""
    prefetch_related_objects([item], *_MAPPING)
    return item


def portfolio_items(enrolment: Enrolment, *, status: str | None = None) -> list[EvidenceItem]:
    """The enrolment's items, newest activity first, with mapping and files (a fixed number of queries).

    The caller has already fetched ``enrolment`` through an access function.
    """
    items = EvidenceItem.objects.filter(enrolment=enrolment)
    if status:
        items = items.filter(status=status)
    return list(_with_mapping(items).order_by("-activity_date", "-id"))


def portfolio_listing(enrolment: Enrolment, *, ksb_id: int | None = None) -> QuerySet[EvidenceItem]:
    """The enrolment's items for a paginated list (only those mapped to ``ksb_id`` if given): newest activity
    first, with KSBs and files, without the account."""
    items = EvidenceItem.objects.filter(enrolment=enrolment).defer("account")
    if ksb_id is not None:
        items = items.filter(ksbs=ksb_id)
    return items.prefetch_related(_MAPPING[0], _MAPPING[3]).order_by("-activity_date", "-id")


def portfolio_totals(enrolment: Enrolment) -> dict:
    """How many items, and OTJ hours in all of them and in accepted ones (one query)."""
    otj = Q(is_off_the_job=True)
    return EvidenceItem.objects.filter(enrolment=enrolment).aggregate(
        items=Count("pk"),
        otj_total=Coalesce(Sum("otj_hours", filter=otj), Decimal(0)),
        otj_accepted=Coalesce(Sum("otj_hours", filter=otj & Q(status=EvidenceStatus.ACCEPTED)), Decimal(0)),
    )


def item_rounds(item: EvidenceItem) -> list[AssessmentRound]:
    """Every assessment round of the item, oldest first, with each KSB decision."""
    return list(
        item.rounds.select_related("submitted_by", "assessed_by")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=KSBDecision.objects.select_related("ksb").order_by("ksb__kind", "ksb__number"),
            )
        )
        .order_by("number")
    )


def items_awaiting_assessment(user) -> QuerySet[EvidenceItem]:
    """Submitted items ``user`` assesses (as the assessor or a provider admin), oldest activity first."""
    return (
        _with_mapping(
            EvidenceItem.objects.filter(
                status=EvidenceStatus.SUBMITTED, enrolment__in=assessable_enrolments(user)
            )
        )
        .select_related("enrolment__learner", "enrolment__standard_version")
        .order_by("updated_at", "id")
    )


def items_referred_to(user) -> QuerySet[EvidenceItem]:
    """The learner's own items that an assessor has sent back for changes."""
    if not user.is_authenticated:
        return EvidenceItem.objects.none()
    return (
        _with_mapping(
            evidence_visible_to(user).filter(status=EvidenceStatus.REFERRED, enrolment__learner=user)
        )
        .select_related("enrolment__standard_version")
        .order_by("updated_at", "id")
    )


def enrolment_ksbs(enrolment: Enrolment) -> list[KSB]:
    return sorted_ksbs(KSB.objects.filter(standard_version_id=enrolment.standard_version_id))


def enrolment_duties(enrolment: Enrolment) -> list[Duty]:
    return list(Duty.objects.filter(standard_version_id=enrolment.standard_version_id).order_by("number"))


def assessable_frameworks() -> list[tuple[Framework, list[Criterion]]]:
    """Every framework with the criteria evidence can be mapped to, in the framework's order."""
    criteria = (
        Criterion.objects.filter(assessable=True)
        .select_related("framework")
        .order_by("framework__title", "position")
    )
    grouped: dict[int, tuple[Framework, list[Criterion]]] = {}
    for criterion in criteria:
        grouped.setdefault(criterion.framework_id, (criterion.framework, []))[1].append(criterion)
    return list(grouped.values())


def submitted_content(item: EvidenceItem) -> dict:
    """What is submitted for assessment: the text, the mapping and every file's fingerprint."""
    return {
        "evidence_type": item.evidence_type,
        "title": item.title,
        "activity_date": item.activity_date.isoformat(),
        "account": item.account,
        "is_off_the_job": item.is_off_the_job,
        "otj_hours": str(item.otj_hours) if item.otj_hours else None,
        "ksbs": [{"id": k.pk, "code": k.code} for k in sorted_ksbs(item.ksbs.all())],
        "duties": sorted(d.code for d in item.duties.all()),
        "criteria": sorted(item.criteria.values_list("pk", flat=True)),
        "attachments": [
            {"id": a.pk, "name": a.original_name, "sha256": a.sha256, "size": a.size}
            for a in item.attachments.order_by("uploaded_at", "id")
        ],
    }
