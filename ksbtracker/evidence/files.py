"""Evidence files: the shared upload checks, stored in the ``evidence`` folder."""

from ksbtracker import uploads
from ksbtracker.uploads import (  # noqa: F401 - the evidence app's view of the shared upload rules
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
    max_upload_bytes,
    size_label,
)

FOLDER = "evidence"


def stored_path(stored_name: str):
    return uploads.stored_path(stored_name, folder=FOLDER)


def store_file(upload) -> str:
    return uploads.store_file(upload, folder=FOLDER)


def delete_stored_file(stored_name: str) -> None:
    uploads.delete_stored_file(stored_name, folder=FOLDER)
