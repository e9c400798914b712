"""The figures to return for every apprenticeship the user may see: a page and CSV/XLSX exports by funding year.

Exports stream (CSV row by row; XLSX written in openpyxl's write-only mode) and each is audited.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ksbtracker.audit.api import record_change
from ksbtracker.funding.returns import funding_year_label, funding_year_of
from ksbtracker.people.access import enrolments_visible_to
from ksbtracker.progress.returns import COLUMNS, column_labels, in_funding_year, return_rows
from ksbtracker.web.forms import GDSForm

PAGE_SIZE = 50
FIRST_YEAR = 2017


class FundingYearForm(GDSForm):
    submit_label = "Show"

    year = forms.TypedChoiceField(label="Funding year", coerce=int, choices=[],
                                  error_messages={"invalid_choice": "Select a funding year from the list"})  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = funding_year_of(timezone.localdate()) + 1
        self.fields["year"].choices = [(y, funding_year_label(y)) for y in range(latest, FIRST_YEAR - 1, -1)]
        self.helper.form_method = "get"


def _year(request) -> tuple[FundingYearForm, int]:
    current = funding_year_of(timezone.localdate())
    form = FundingYearForm(request.GET if "year" in request.GET else None, initial={"year": current})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["year"]
    return form, current


def _enrolments(request, year: int):
    return in_funding_year(enrolments_visible_to(request.user), year)


@require_GET
@login_required
@permission_required("funding.view_returns", raise_exception=True)
def returns_list(request):
    form, year = _year(request)
    enrolments = _enrolments(request, year).order_by("start_date", "pk")
    page = Paginator(enrolments.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(return_rows(enrolments.filter(pk__in=list(page.object_list))))
    labels = column_labels(year)
    table = [[(label, _shown(getattr(row, name))) for (name, _), label in zip(COLUMNS, labels, strict=True)]
             for row in rows]  # fmt: skip
    return render(request, "funding/returns.html", {
        "form": form, "year": year, "year_label": funding_year_label(year), "labels": labels,
        "table": list(zip(rows, table, strict=True)), "page": page, "extra_query": f"year={year}",
    })  # fmt: skip


@require_GET
@login_required
@permission_required("funding.view_returns", raise_exception=True)
def returns_export(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such export.")
    _form, year = _year(request)
    enrolments = _enrolments(request, year)
    record_change(actor=request.user, action="funding_return.exported", object_type="funding.return_export",
                  object_id=str(year), object_label=f"Figures to return {funding_year_label(year)}",
                  after={"funding_year": funding_year_label(year), "format": file_format,
                         "enrolments": enrolments.count()})  # fmt: skip
    name = f"figures-to-return-{funding_year_label(year)}.{file_format}"
    labels = column_labels(year)
    if file_format == "csv":
        response = StreamingHttpResponse(
            _csv_lines(labels, return_rows(enrolments)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(_xlsx(labels, return_rows(enrolments), year), as_attachment=True, filename=name,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Echo:
    def write(self, value):
        return value


def _csv_lines(labels, rows):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(labels)
    for row in rows:
        yield writer.writerow([_cell_text(getattr(row, name)) for name, _ in COLUMNS])


def _xlsx(labels, rows, year: int):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Return {funding_year_label(year)}")
    sheet.append(labels)
    for row in rows:
        sheet.append([_cell_value(getattr(row, name)) for name, _ in COLUMNS])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    book.save(handle)
    handle.seek(0)
    return handle


def _cell_value(value):
    """Numbers and dates stay numbers and dates in the spreadsheet; text is made safe from formulas."""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, (datetime.date, int)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return _safe_text(_shown(value))


def _cell_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _safe_text(_shown(value))


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _safe_text(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
