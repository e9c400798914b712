"""Uploaded files: one way in for every purpose, ``accept_upload(upload, purpose)``.

A file is accepted only if its size is within the limit, its content is the type its name says (and one
that is allowed), nothing inside it would run (``content``), and its name holds no personal data that the
person has not confirmed is safe (``ksbtracker.personal_data``). It is then stored under a random name in
the purpose's folder (``storage``). Depends on nothing of the project but the personal-data check.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from ksbtracker.personal_data import Finding, newly_confirmed_findings

from .checks import (
    ALLOWED_TYPES,
    DOC,
    DOCX,
    GIF,
    JPEG,
    PDF,
    PNG,
    TEXT,
    CheckedFile,
    allowed_types_sentence,
    check_upload,
    clean_file_name,
    detect_content_type,
    max_upload_bytes,
    size_label,
)
from .storage import delete_stored_file, open_stored_file, read_stored_file, store_file

__all__ = [
    "ALLOWED_TYPES", "DOC", "DOCX", "GIF", "JPEG", "PDF", "PNG", "TEXT",
    "AcceptedFile", "CheckedFile", "accept_upload", "allowed_types_sentence", "check_upload", "clean_file_name",
    "delete_stored_file", "detect_content_type", "discard_upload", "max_upload_bytes", "size_label",
    "open_stored_file", "read_stored_file", "store_file",
]  # fmt: skip


@dataclass(frozen=True)
class AcceptedFile:
    """A stored file: its clean name, where it is kept, what it is, and the findings confirmed now."""

    purpose: str
    name: str
    stored_name: str
    content_type: str
    size: int
    sha256: str
    confirmed_findings: tuple[Finding, ...] = ()


def accept_upload(
    upload,
    purpose: str,
    *,
    confirmed_personal_data: Collection[str] = (),
    already_confirmed: Collection[tuple[str, str]] = (),
) -> AcceptedFile:
    """Check ``upload`` and store it in ``purpose``'s folder.

    Raises ValidationError (``{"file": [...]}``, GOV.UK wording) if the file is refused, or PersonalDataFound
    if its name looks like personal data that is not among ``confirmed_personal_data`` (the findings the
    person was shown and confirmed) or ``already_confirmed`` (``(kind, text)`` pairs confirmed before).
    Nothing is stored unless the file is accepted. The caller removes it with ``discard_upload`` if what it
    then records fails.
    """
    name = clean_file_name(upload.name or "")
    try:
        checked = check_upload(upload, name=name)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    # Underscores stand for spaces in file names ("DOB_01-02-1990"), so read them as spaces.
    findings = newly_confirmed_findings(
        {"file name": name.replace("_", " ")},
        confirmed=confirmed_personal_data,
        already_confirmed=already_confirmed,
    )
    stored_name = store_file(upload, folder=purpose)
    return AcceptedFile(
        purpose=purpose, name=name, stored_name=stored_name, content_type=checked.content_type,
        size=checked.size, sha256=checked.sha256, confirmed_findings=tuple(findings),
    )  # fmt: skip


def discard_upload(accepted: AcceptedFile) -> None:
    delete_stored_file(accepted.stored_name, folder=accepted.purpose)
