"""The cohort heatmap: apprentices (rows) by KSBs (columns), status as colour and a letter, totals below."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ksbtracker.audit.api import record_change
from ksbtracker.evidence.selectors import sorted_ksbs
from ksbtracker.people.access import enrolments_visible_to
from ksbtracker.progress.cohort import heatmap_rows, ksb_totals
from ksbtracker.progress.dashboard import TILE_STATUSES
from ksbtracker.progress.status import KSBStatus
from ksbtracker.standards.models import KSB
from ksbtracker.web.heatmap_forms import HeatmapFilterForm
from ksbtracker.web.pagination import paginate, query_without_page
from ksbtracker.web.spreadsheets import table_download

ROWS_PER_PAGE = 50
LETTERS = {status: letter for status, _, letter in TILE_STATUSES}
LABELS = {status: label for status, label, _ in TILE_STATUSES}


def _heatmap(request):
    enrolments = enrolments_visible_to(request.user).exclude(learner=request.user)
    form = HeatmapFilterForm(request.GET or None, enrolments=enrolments)
    values = form.chosen()
    cohort = form.cohort_of(enrolments, values)
    ksbs = sorted_ksbs(KSB.objects.filter(standard_version_id=values.get("standard") or 0))
    listed = cohort.select_related("learner").only("pk", "learner__full_name").order_by("learner__full_name", "pk")
    return form, values, cohort, ksbs, listed


def _cell(cell) -> dict:
    ksb, status, prior = cell
    shown = "prior_learning" if prior else status
    return {"ksb": ksb, "status": shown, "letter": LETTERS[shown], "label": LABELS[shown]}


@require_GET
@login_required
def cohort_heatmap(request):
    form, values, cohort, ksbs, listed = _heatmap(request)
    page = paginate(request, listed, ROWS_PER_PAGE)
    rows = heatmap_rows(list(page.object_list), ksbs)
    counts = ksb_totals(cohort) if ksbs else {}
    size = page.paginator.count
    totals = []
    for ksb in ksbs:
        met = counts.get(ksb.pk, {}).get(KSBStatus.EVIDENCED, 0)
        totals.append({"ksb": ksb, "met": met, "signed_off": counts.get(ksb.pk, {}).get(KSBStatus.SIGNED_OFF, 0),
                       "percent": round(100 * met / size) if size else 0})  # fmt: skip
    lowest = sorted(t["percent"] for t in totals)[:3]
    for total in totals:
        total["weak"] = bool(size) and total["percent"] <= (lowest[-1] if lowest else 0)
    return render(request, "progress/heatmap.html", {
        "form": form, "values": values, "ksbs": ksbs, "page": page, "key": TILE_STATUSES,
        "rows": [(row.enrolment, [_cell(c) for c in row.cells]) for row in rows],
        "totals": totals, "export_query": query_without_page(request.GET),
    })  # fmt: skip


@require_GET
@login_required
def cohort_heatmap_export(request, file_format: str):
    """Every apprentice of the filtered cohort, a letter per KSB, streamed 500 apprentices at a time."""
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such format.")
    form, values, _, ksbs, listed = _heatmap(request)
    record_change(actor=request.user, action="heatmap.exported", object_type="progress.heatmap",
                  object_label=f"Cohort heatmap as {file_format.upper()}",
                  after={"format": file_format, "filters": values["applied"]})  # fmt: skip

    def rows():
        batch = []
        for enrolment in listed.iterator(chunk_size=500):
            batch.append(enrolment)
            if len(batch) == 500:
                yield from _export_rows(batch, ksbs)
                batch = []
        yield from _export_rows(batch, ksbs)

    today = timezone.localdate()
    return table_download(
        file_format=file_format, name=f"cohort-heatmap-{today:%Y-%m-%d}", sheet_title="Cohort heatmap",
        labels=["Apprentice", *(k.code for k in ksbs)], rows=rows(),
        notes=[f"Cohort heatmap on {today:%-d %B %Y}", "Filters: " + "; ".join(values["applied"]),
               "Key: " + ", ".join(f"{letter} {label}" for _, label, letter in TILE_STATUSES)],
    )  # fmt: skip


def _export_rows(enrolments, ksbs):
    for row in heatmap_rows(enrolments, ksbs):
        yield [row.enrolment.learner.full_name, *(_cell(c)["letter"] for c in row.cells)]

