"""Reads for funding: the published OTJ minimum in force for a standard version on a start date."""

from __future__ import annotations

import datetime

from django.db.models import Q

from .models import PublishedOTJMinimum
from .outcome import PublishedMinimum

__all__ = ["published_minimum_for", "published_minimums"]


def published_minimum_for(
    *, reference_number: str, version: str, start_date: datetime.date
) -> PublishedMinimum | None:
    """The figure in force for starts on ``start_date`` (the latest published, where dates overlap)."""
    row = (
        PublishedOTJMinimum.objects.filter(
            reference_number__iexact=reference_number.strip(),
            version=version.strip(),
            effective_from__lte=start_date,
        )
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start_date))
        .order_by("-effective_from")
        .first()
    )
    if row is None:
        return None
    return PublishedMinimum(
        hours=row.minimum_hours,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        source=row.source,
    )


def published_minimums():
    return PublishedOTJMinimum.objects.all()
