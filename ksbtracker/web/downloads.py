"""Downloads: the one place that names a downloaded file, and stored uploads served as attachments.

Every PDF, CSV, XLSX, JSON and uploaded file goes out with ``attachment_disposition``: an ASCII ``filename``
for old browsers and, when the name is not plain ASCII, RFC 6266's ``filename*=UTF-8''…`` with the real name.
Control characters (a newline in a learner's name), quotes, backslashes and path separators never reach the
header.
"""

from __future__ import annotations

import io
import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

from ksbtracker import uploads

__all__ = ["attachment_disposition", "stored_file_response", "bytes_file_response"]

_UNSAFE_IN_NAMES = str.maketrans({"/": "-", "\\": "-", '"': "'", ";": ","})


def _readable(name: str) -> str:
    """The name with control characters as spaces, runs of spaces as one, no path separators or quotes."""
    name = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in unicodedata.normalize("NFC", name))
    return " ".join(name.translate(_UNSAFE_IN_NAMES).split()).strip(". ")


def _ascii_fallback(name: str, default: str) -> str:
    """The name in plain ASCII (accents dropped), or ``default`` with the extension if little is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    # What was dropped leaves no stray separators: "scan-Иван-Петров.pdf" becomes "scan.pdf".
    ascii_name = re.sub(r"[ -]+(?=\.[^.]*$)", "", re.sub(r"-[ -]*-", "-", " ".join(ascii_name.split())))
    stem = ascii_name.rpartition(".")[0] if "." in ascii_name else ascii_name
    if any(c.isalnum() for c in stem):
        return ascii_name.strip(". -")
    extension = name.rpartition(".")[2] if "." in name else ""
    return f"{default}.{extension}" if extension.isascii() and extension.isalnum() else default


def attachment_disposition(name: str, *, default: str = "download") -> str:
    """The Content-Disposition header value that saves the response as ``name``."""
    readable = _readable(name)[:200] or default
    fallback = _ascii_fallback(readable, default)
    header = f'attachment; filename="{fallback}"'
    if fallback != readable:
        header += f"; filename*=UTF-8''{quote(readable, safe='')}"
    return header


def stored_file_response(*, stored_name: str, folder: str, name: str, content_type: str) -> FileResponse:
    """A stored upload as an attachment, nosniff, a sandboxing CSP and no caching.

    The caller has already checked access."""
    try:
        handle = uploads.open_stored_file(stored_name, folder=folder)  # FileResponse closes it
    except (OSError, ValueError):
        raise Http404("No file found.") from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(name)
    return _protected(response)


def bytes_file_response(*, data: bytes, name: str, content_type: str) -> FileResponse:
    """The same, for a file held in memory (such as one part of a stored archive)."""
    response = FileResponse(io.BytesIO(data), content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(name)
    return _protected(response)


def _protected(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
