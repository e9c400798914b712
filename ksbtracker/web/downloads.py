"""Stored uploads served as downloads a browser will not run or render inline."""

from pathlib import Path

from django.http import FileResponse, Http404


def stored_file_response(*, path: Path, name: str, content_type: str) -> FileResponse:
    """Attachment, nosniff, a sandboxing CSP and no caching. The caller has already checked access."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
    except OSError:
        raise Http404("No file found.") from None
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
