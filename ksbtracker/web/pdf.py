"""Printable records as PDF, rendered by WeasyPrint from print templates (no network, no system fonts needed)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def pdf_response(*, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=None).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
