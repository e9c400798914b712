"""Where accepted files are kept: Django's default storage (``STORAGES["default"]``), one folder per purpose.

A local folder (``MEDIA_ROOT``, outside the web root) by default; S3-compatible object storage through
django-storages when several app servers share the files. Files are stored under random names; the name the
person gave is kept in the database only. This is the only module that touches stored files.
"""

from __future__ import annotations

import re
import secrets

from django.core.files import File
from django.core.files.storage import default_storage

__all__ = ["delete_stored_file", "store_file", "open_stored_file", "read_stored_file"]

_PURPOSE = re.compile(r"[a-z][a-z-]{0,39}")


def _storage_name(stored_name: str, *, folder: str) -> str:
    """The file's name in the storage. Stored names are ours (random), never taken from a request."""
    if not _PURPOSE.fullmatch(folder or ""):
        raise ValueError(f"Not an upload purpose: {folder!r}.")
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise ValueError("Not a stored file name.")
    return f"{folder}/{stored_name}"


def store_file(upload, *, folder: str) -> str:
    """Write the upload under a new random name in ``folder`` and return that name."""
    stored_name = secrets.token_urlsafe(32)
    name = _storage_name(stored_name, folder=folder)
    try:
        upload.seek(0)
        saved = default_storage.save(name, File(upload, name=stored_name))
    finally:
        upload.seek(0)
    if saved != name:  # a random name is never taken; a storage that renamed it would lose the file
        default_storage.delete(saved)
        raise OSError("The file could not be stored under its name.")
    return stored_name


def open_stored_file(stored_name: str, *, folder: str):
    """The stored file, open for reading (the caller closes it). FileNotFoundError if it is not there."""
    name = _storage_name(stored_name, folder=folder)
    try:
        return default_storage.open(name, "rb")
    except OSError as error:
        raise FileNotFoundError(name) from error


def read_stored_file(stored_name: str, *, folder: str) -> bytes:
    with open_stored_file(stored_name, folder=folder) as stored:
        return stored.read()


def delete_stored_file(stored_name: str, *, folder: str) -> None:
    default_storage.delete(_storage_name(stored_name, folder=folder))
