"""The figures to return for every apprenticeship the user may see: a page and CSV/XLSX exports by funding year.

Exports stream (CSV row by row; XLSX written in openpyxl's write-only mode) and each is audited.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ksbtracker.audit.api import record_change
from ksbtracker.funding.returns import funding_year_label, funding_year_of
from ksbtracker.people.access import enrolments_visible_to
from ksbtracker.progress.returns import COLUMNS, column_labels, in_funding_year, return_rows
from ksbtracker.web.forms import GDSForm
from ksbtracker.web.spreadsheets import shown, table_download

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
    table = [[(label, shown(getattr(row, name))) for (name, _), label in zip(COLUMNS, labels, strict=True)]
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
    return table_download(
        file_format=file_format, name=f"figures-to-return-{funding_year_label(year)}",
        sheet_title=f"Return {funding_year_label(year)}", labels=column_labels(year),
        rows=([getattr(row, name) for name, _ in COLUMNS] for row in return_rows(enrolments)),
    )  # fmt: skip
