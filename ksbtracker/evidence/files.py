"""Evidence files: accepted through ``ksbtracker.uploads`` and kept in the ``evidence`` folder."""

from ksbtracker import uploads
from ksbtracker.uploads import allowed_types_sentence, max_upload_bytes, size_label  # noqa: F401 - for the forms

FOLDER = "evidence"


def read_stored_file(stored_name: str) -> bytes:
    return uploads.read_stored_file(stored_name, folder=FOLDER)


def store_file(upload) -> str:
    return uploads.store_file(upload, folder=FOLDER)


def delete_stored_file(stored_name: str) -> None:
    uploads.delete_stored_file(stored_name, folder=FOLDER)
