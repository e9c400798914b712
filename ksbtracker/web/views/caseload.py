"""Caseload: every apprentice the person looks after, with where each stands today; and the rule for RAG."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ksbtracker.audit.api import record_change
from ksbtracker.people.access import enrolments_visible_to, roles_of
from ksbtracker.people.models import Role
from ksbtracker.progress.caseload import SORTS, caseload, caseload_row
from ksbtracker.progress.rag import RAG, RAG_RULES
from ksbtracker.web.caseload_forms import CaseloadFilterForm
from ksbtracker.web.pagination import paginate, query_without_page
from ksbtracker.web.spreadsheets import table_download


def caseload_for(request):
    """(the form, the filters, the filtered and sorted enrolments) for the person's caseload."""
    enrolments = enrolments_visible_to(request.user).exclude(learner=request.user)
    form = CaseloadFilterForm(request.GET or None, enrolments=enrolments)
    filters = form.filters()
    return form, filters, caseload(enrolments, filters, today=timezone.localdate())


@require_GET
@login_required
def caseload_page(request):
    today = timezone.localdate()
    form, filters, enrolments = caseload_for(request)
    page = paginate(request, enrolments)
    roles = roles_of(request.user)
    kept = request.GET.copy()
    for key in ("sort", "dir", "page"):
        kept.pop(key, None)
    return render(
        request,
        "progress/caseload.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "rows": [caseload_row(enrolment, today) for enrolment in page.object_list],
            "headers": _headers(filters, kept.urlencode()),
            "otj_first": Role.LINE_MANAGER in roles and not roles & {Role.ASSESSOR, Role.PROVIDER_ADMIN},
            "export_query": query_without_page(request.GET),
        },
    )


def _headers(filters, query: str) -> dict:
    """Each sortable column's link (the other way round when it is the current sort) and aria-sort."""
    headers = {}
    for key, (label, _) in SORTS.items():
        current = filters.sort == key
        direction = "asc" if not current or filters.descending else "desc"
        headers[key] = {
            "label": label,
            "href": f"?{query + '&' if query else ''}sort={key}&dir={direction}",
            "aria_sort": ("descending" if filters.descending else "ascending") if current else "none",
        }
    return headers


EXPORT_LABELS = [
    "Apprentice", "Standard", "Employer", "Start", "Planned end", "Time gone (%)",
    "KSBs evidenced or signed off (%)", "KSBs signed off (%)", "Off-the-job hours done",
    "Off-the-job hours expected today", "Next review due", "Review overdue", "Evidence waiting", "Status",
    "Why",
]  # fmt: skip


@require_GET
@login_required
def caseload_export(request, file_format: str):
    """The whole filtered caseload (not one page), streamed; the same people see it as on the page."""
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such format.")
    today = timezone.localdate()
    _, filters, enrolments = caseload_for(request)
    record_change(
        actor=request.user, action="caseload.exported", object_type="progress.caseload",
        object_label=f"Caseload as {file_format.upper()}",
        after={"format": file_format, "filters": filters.applied, "sort": filters.sort},
    )  # fmt: skip
    rows = (_export_row(caseload_row(e, today)) for e in enrolments.iterator(chunk_size=500))
    notes = [f"Caseload on {today:%-d %B %Y}, exported by {request.user.email}",
             "Filters: " + ("; ".join(filters.applied) or "none")]  # fmt: skip
    return table_download(file_format=file_format, name=f"caseload-{today:%Y-%m-%d}", sheet_title="Caseload",
                          labels=EXPORT_LABELS, rows=rows, notes=notes)  # fmt: skip


def _export_row(row) -> list:
    e = row.enrolment
    return [
        e.learner.full_name, f"{e.standard_version.reference_number} v{e.standard_version.version}",
        e.employer.name, e.start_date, e.planned_end_date, row.percent_elapsed, row.percent_evidenced,
        row.percent_signed_off, row.otj_done, row.otj_expected, row.next_review_due, row.review_overdue,
        row.items_waiting, row.rag_label, "; ".join(row.reasons),
    ]  # fmt: skip


@require_GET
def rag_help(request):
    return render(request, "progress/rag_help.html", {"rules": [(RAG(r).label, lines) for r, lines in RAG_RULES]})
