"""Where accepted files are kept: one folder per purpose under ``settings.MEDIA_ROOT``, outside the web root.

Files are stored under random names; the name the person gave is kept in the database only. This is the
only module that touches stored files, so that moving them to another storage changes one place.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.conf import settings

__all__ = ["delete_stored_file", "store_file", "stored_path"]

_PURPOSE = re.compile(r"[a-z][a-z-]{0,39}")
_CHUNK = 64 * 1024


def _folder(purpose: str) -> Path:
    if not _PURPOSE.fullmatch(purpose or ""):
        raise ValueError(f"Not an upload purpose: {purpose!r}.")
    return Path(settings.MEDIA_ROOT) / purpose


def stored_path(stored_name: str, *, folder: str) -> Path:
    """Where a stored file lives. Stored names are ours (random), never taken from a request."""
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise ValueError("Not a stored file name.")
    return _folder(folder) / stored_name


def store_file(upload, *, folder: str) -> str:
    """Write the upload under a new random name in ``folder`` and return that name."""
    target_folder = _folder(folder)
    target_folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = secrets.token_urlsafe(32)
    path = target_folder / stored_name
    try:
        upload.seek(0)
        with open(path, "xb") as target:
            while chunk := upload.read(_CHUNK):
                target.write(chunk)
        path.chmod(0o600)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        upload.seek(0)
    return stored_name


def delete_stored_file(stored_name: str, *, folder: str) -> None:
    stored_path(stored_name, folder=folder).unlink(missing_ok=True)
