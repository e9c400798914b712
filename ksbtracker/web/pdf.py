"""Printable records as PDF, rendered by WeasyPrint from print templates (no network, no system fonts needed)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML

from .downloads import attachment_disposition


def pdf_response(*, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=None).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
