"""Suggesting a crosswalk by matching KSB texts, and confirming it as data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ksbtracker.audit.api import record_change
from ksbtracker.standards.models import KSB, StandardVersion

from .models import CrosswalkLink

__all__ = ["SUGGEST_FROM", "Suggestion", "similarity", "suggest", "confirm_crosswalk", "sorted_ksbs"]

# Below this share of matching text nothing is suggested: a person chooses.
SUGGEST_FROM = 35
STOP_WORDS = set(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "their",
        "to",
        "with",
        "within",
    ]
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP_WORDS and len(w) > 2}


def similarity(a: str, b: str) -> int:
    """How alike two KSB texts are, 0–100: shared words and the longest common wording, averaged."""
    words_a, words_b = _words(a), _words(b)
    shared = len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0
    sequence = SequenceMatcher(None, a.lower(), b.lower()).ratio()
    return round((shared + sequence) / 2 * 100)


def sorted_ksbs(version: StandardVersion) -> list[KSB]:
    return sorted(version.ksbs.all(), key=lambda k: ("KSB".index(k.kind), k.number))


@dataclass(frozen=True)
class Suggestion:
    from_ksb: KSB
    to_ksb: KSB | None
    score: int
    confirmed: bool


def suggest(from_version: StandardVersion, to_version: StandardVersion) -> list[Suggestion]:
    """Per old KSB: the confirmed link if there is one, else the best text match (same kind preferred)."""
    targets = sorted_ksbs(to_version)
    confirmed = {
        link.from_ksb_id: link
        for link in CrosswalkLink.objects.filter(from_ksb__standard_version=from_version,
                                                 to_version=to_version).select_related("to_ksb")
    }  # fmt: skip
    result = []
    for ksb in sorted_ksbs(from_version):
        if ksb.pk in confirmed:
            link = confirmed[ksb.pk]
            result.append(Suggestion(ksb, link.to_ksb, link.similarity, True))
            continue
        scored = [(similarity(ksb.text, t.text) + (5 if t.kind == ksb.kind else 0), t) for t in targets]
        score, best = max(scored, key=lambda pair: pair[0], default=(0, None))
        result.append(Suggestion(ksb, best if score >= SUGGEST_FROM else None, min(score, 100), False))
    return result


@transaction.atomic
def confirm_crosswalk(*, actor, from_version, to_version, choices: dict[int, int | None]) -> int:
    """Keep a person's choices ({old KSB id: new KSB id or None}) as the crosswalk. Returns the links kept."""
    if not actor.has_perm("pathways.change_crosswalklink"):
        raise PermissionDenied("Only provider admins confirm crosswalks.")
    old = {k.pk: k for k in from_version.ksbs.all()}
    new = {k.pk: k for k in to_version.ksbs.all()}
    CrosswalkLink.objects.filter(from_ksb__in=old.values(), to_version=to_version).delete()
    links = [
        CrosswalkLink(from_ksb=old[o], to_version=to_version, to_ksb=new.get(n), confirmed_by=actor,
                      similarity=min(similarity(old[o].text, new[n].text), 100) if n in new else 0)
        for o, n in choices.items() if o in old
    ]  # fmt: skip
    CrosswalkLink.objects.bulk_create(links)
    record_change(actor=actor, action="crosswalk.confirmed", object_type="pathways.crosswalk",
                  object_id=f"{from_version.pk}-{to_version.pk}",
                  object_label=f"{from_version.reference_number} v{from_version.version} to "
                               f"{to_version.reference_number} v{to_version.version}",
                  after={"links": sorted((old[link.from_ksb_id].code, link.to_ksb.code if link.to_ksb else "")
                                         for link in links)})  # fmt: skip
    return sum(1 for link in links if link.to_ksb_id)
