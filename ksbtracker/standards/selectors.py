"""Reads of the standards library. Standards are public data: every signed-in user may read them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from .models import KSB, Criterion, Duty, Framework, KSBKind, StandardVersion

__all__ = [
    "StandardSummary",
    "search_standards",
    "search_frameworks",
    "standard_version_by_reference",
    "ksb_by_code",
    "framework_by_slug",
    "ksbs_by_kind",
]


@dataclass(frozen=True)
class StandardSummary:
    reference_number: str
    title: str
    level: int | None
    versions: list[StandardVersion]


def search_standards(*, query: str = "") -> list[StandardSummary]:
    """Standards whose reference, title or route matches ``query``, each with all its stored versions."""
    versions = StandardVersion.objects.annotate(ksb_count=Count("ksbs")).order_by(
        "reference_number", "version"
    )
    query = query.replace("\x00", "").strip()  # no database stores a NUL; PostgreSQL refuses one
    if query:
        condition = (
            Q(reference_number__icontains=query) | Q(title__icontains=query) | Q(route__icontains=query)
        )
        if query.isdigit():
            condition |= Q(lars_code=int(query))
        versions = versions.filter(condition)
    summaries = []
    for reference, group in groupby(versions, key=lambda v: v.reference_number):
        items = sorted(group, key=lambda v: _version_key(v.version))
        latest = items[-1]
        summaries.append(StandardSummary(reference, latest.title, latest.level, items))
    return summaries


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.split("."))


def search_frameworks(*, query: str = "") -> QuerySet[Framework]:
    frameworks = Framework.objects.annotate(
        criterion_count=Count("criteria", filter=Q(criteria__assessable=True), distinct=True)
    ).order_by("title")
    query = query.strip()
    if query:
        frameworks = frameworks.filter(
            Q(title__icontains=query) | Q(criteria__text__icontains=query)
        ).distinct()
    return frameworks


def standard_version_by_reference(*, reference_number: str, version: str) -> StandardVersion:
    """The version with its KSBs, duties and mappings prefetched; Http404 if there is none."""
    queryset = StandardVersion.objects.prefetch_related(
        Prefetch(
            "ksbs",
            queryset=KSB.objects.order_by("kind", "number")
            .select_related("standard_version")
            .prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("number"))),
        ),
        Prefetch(
            "duties",
            queryset=Duty.objects.order_by("number").prefetch_related(
                Prefetch("ksbs", queryset=KSB.objects.select_related("standard_version")), "options"
            ),
        ),
        "options",
    )
    try:
        return queryset.get(reference_number__iexact=reference_number, version=version)
    except StandardVersion.DoesNotExist:
        raise Http404(f"No standard {reference_number} version {version}.") from None


def ksbs_by_kind(standard_version: StandardVersion) -> list[tuple[str, list[KSB]]]:
    """The version's KSBs grouped as knowledge, skills, behaviours (uses prefetched rows)."""
    kinds = [(KSBKind.KNOWLEDGE, "Knowledge"), (KSBKind.SKILL, "Skills"), (KSBKind.BEHAVIOUR, "Behaviours")]
    ksbs = list(standard_version.ksbs.all())
    return [(label, [k for k in ksbs if k.kind == kind]) for kind, label in kinds]


def ksb_by_code(*, standard_version: StandardVersion, code: str) -> KSB:
    code = code.upper()
    kind, number = code[:1], code[1:]
    if kind not in KSBKind.values or not number.isdigit():
        raise Http404("No such KSB.")
    try:
        return (
            KSB.objects.select_related("standard_version")
            .prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("number")))
            .get(standard_version=standard_version, kind=kind, number=int(number))
        )
    except KSB.DoesNotExist:
        raise Http404("No such KSB.") from None


def framework_by_slug(*, slug: str) -> tuple[Framework, list[Criterion]]:
    try:
        framework = Framework.objects.get(slug=slug)
    except Framework.DoesNotExist:
        raise Http404("No such framework.") from None
    return framework, list(framework.criteria.order_by("position"))
