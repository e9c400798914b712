"""Which employers a provider works with, and the line managers there: all a provider admin is shown when
enrolling an apprentice, found by searching rather than listed."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ksbtracker.audit.api import record_change, snapshot

from .models import EmployerLink, Organisation, OrganisationKind, Role, User

__all__ = ["line_managers_at", "link_employer", "linked_employers", "search_employers", "search_line_managers"]

SEARCH_RESULTS = 20


def linked_employers(provider: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, provider_links__provider=provider)


def line_managers_at(employers: QuerySet[Organisation]) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, memberships__role=Role.LINE_MANAGER, memberships__organisation__in=employers
    ).distinct()


def _search_text(text: str) -> str:
    """What was typed, with its spaces folded; a null character (which no name holds, and PostgreSQL
    refuses in a query) is dropped."""
    return " ".join(text.replace("\x00", "").split())


def search_employers(provider: Organisation, text: str) -> list[int]:
    """Ids of up to SEARCH_RESULTS employers linked to ``provider`` whose name contains ``text``."""
    text = _search_text(text)
    if not text:
        return []
    found = linked_employers(provider).filter(name__icontains=text).order_by("name")
    return list(found.values_list("pk", flat=True)[:SEARCH_RESULTS])


def search_line_managers(employers: QuerySet[Organisation], text: str) -> list[int]:
    """Ids of up to SEARCH_RESULTS line managers at ``employers`` whose name or email contains ``text``."""
    text = _search_text(text)
    if not text:
        return []
    found = line_managers_at(employers).filter(Q(full_name__icontains=text) | Q(email__icontains=text))
    return list(found.order_by("full_name", "email").values_list("pk", flat=True)[:SEARCH_RESULTS])


def link_employer(*, provider: Organisation, employer: Organisation, actor=None) -> EmployerLink:
    """Record that ``provider`` works with ``employer`` (once); audited."""
    link, created = EmployerLink.objects.get_or_create(provider=provider, employer=employer)
    if created:
        record_change(actor=actor, action="employer_link.added", instance=link, after=snapshot(link),
                      provider_id=provider.pk)  # fmt: skip
    return link
