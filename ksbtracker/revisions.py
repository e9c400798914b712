"""Optimistic concurrency: the revision a page was opened at, checked when what was typed on it is saved.

A record with a ``revision`` field counts its saves. A page sends back the revision it showed; if someone
else saved in between, the save is refused with a message, so that nobody overwrites a change unseen.
"""

from django.core.exceptions import ValidationError

STALE = "stale"


def claim_revision(record, *, seen: int | None, noun: str) -> None:
    """Refuse a save from a page opened before someone else's save; otherwise count this save.

    ``seen`` is None when the caller does not track revisions (a service call that is not from a page).
    The caller saves ``revision`` with the rest of the change.
    """
    if seen is not None and seen != record.revision:
        raise ValidationError(
            f"Someone else saved changes to this {noun} after you opened it. What you typed is shown "
            "below and has not been saved: check it, then save again to replace their changes.",
            code=STALE,
        )
    record.revision += 1
