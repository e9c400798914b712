"""Printable records as PDF, rendered by WeasyPrint from print templates (no network, no system fonts needed).

Rendering takes a second or two, so it happens once, in the background: when a record is signed, or the first
time someone asks for it. The file is stored (Django's default storage) under a name holding a hash of
everything it shows — the record's content, its signatures and whether each still verifies — so a download
serves the stored file, and any change to what the PDF would show makes a new one.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from ksbtracker.jobs import retrying_task

from .downloads import attachment_disposition
from .pdf_documents import DOCUMENT_KINDS, PrintableDocument

__all__ = ["stored_pdf_name", "render_pdf", "pdf_download"]

FOLDER = "generated/pdf"


def stored_pdf_name(document: PrintableDocument) -> str:
    """Where this version of the document is kept: its kind, record and a hash of what it shows."""
    shown = render_to_string(document.template, {**document.context, "printed_at": None})
    digest = hashlib.sha256(shown.encode()).hexdigest()[:40]
    return f"{FOLDER}/{document.kind}-{document.record_id}-{digest}.pdf"


def _store(document: PrintableDocument) -> str:
    name = stored_pdf_name(document)
    if default_storage.exists(name):
        return name
    html = render_to_string(document.template, {**document.context, "printed_at": timezone.localtime()})
    saved = default_storage.save(name, ContentFile(HTML(string=html, base_url=None).write_pdf()))
    _remove_older_versions(document, keep=saved)
    return saved


def _remove_older_versions(document: PrintableDocument, *, keep: str) -> None:
    prefix = f"{document.kind}-{document.record_id}-"
    try:
        _, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        if file.startswith(prefix) and f"{FOLDER}/{file}" != keep:
            default_storage.delete(f"{FOLDER}/{file}")


@retrying_task(max_attempts=3)
def render_pdf(kind: str, record_id: int) -> str:
    fetch, describe = DOCUMENT_KINDS[kind]
    return _store(describe(fetch(record_id)))


def pdf_download(request, document: PrintableDocument) -> HttpResponse:
    """The stored PDF if it is up to date; otherwise ask for it and say it is being prepared."""
    name = stored_pdf_name(document)
    if not default_storage.exists(name):
        render_pdf.enqueue(document.kind, document.record_id)
    if not default_storage.exists(name):  # the worker has not made it yet
        response = render(request, "pdf/preparing.html", {"document": document}, status=202)
        response["Refresh"] = "3"
        return response
    with default_storage.open(name, "rb") as stored:  # a few hundred kilobytes at most
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
