"""The audit trail page: what was done to the records a person may see, by whom and when; and its CSV export.

Provider admins and quality reviewers see their provider's records, a learner their own apprenticeship;
anyone else gets "not found" (docs/decisions/0004).
"""

from __future__ import annotations

import datetime
import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ksbtracker.audit.api import record_change
from ksbtracker.people.access import audit_events_visible_to, enrolment_for_user
from ksbtracker.web.audit_forms import AuditFilterForm
from ksbtracker.web.spreadsheets import table_download

PAGE_SIZE = 50
SHOWN_CHARACTERS = 120
CSV_LABELS = ["Event", "When", "Who", "Action", "Record type", "Record id", "Record", "Before", "After"]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(request):
    """(events, filter form, the apprenticeship filtered on, the record filtered on) for this request."""
    events = audit_events_visible_to(request.user)
    if events is None:
        raise Http404("No audit trail found.")
    enrolment = None
    if request.GET.get("apprenticeship"):
        enrolment = enrolment_for_user(request.user, request.GET["apprenticeship"][:20])
        events = events.filter(enrolment_ref=enrolment.pk)
    record = request.GET.get("record", "")[:170]
    if record:
        object_type, _, object_id = record.partition(":")
        events = events.filter(object_type=object_type, object_id=object_id)
    form = AuditFilterForm(request.GET if set(request.GET) - {"page", "apprenticeship", "record"} else None)
    if form.is_bound and form.is_valid():
        if person := form.cleaned_data["person"].strip():
            events = events.filter(Q(actor_label__icontains=person) | Q(actor__full_name__icontains=person))
        if start := form.cleaned_data["from_date"]:
            events = events.filter(at__gte=_day_start(start))
        if end := form.cleaned_data["to_date"]:
            events = events.filter(at__lt=_day_start(end + datetime.timedelta(days=1)))
    return events.order_by("-at", "-id"), form, enrolment, record


def _shown(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


def changes(event) -> list[tuple[str, str, str]]:
    """(field, before, after) for each value the event records, changed ones first."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", _shown(event.before or ""), _shown(event.after or ""))]
    names = sorted(set(before) | set(after), key=lambda name: (before.get(name) == after.get(name), name))
    return [
        (name, _shown(before[name]) if name in before else "", _shown(after[name]) if name in after else "")
        for name in names
    ]


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@login_required
def audit_trail(request):
    events, form, enrolment, record = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.html",
        {
            "page": page,
            "rows": [(event, changes(event)) for event in page.object_list],
            "form": form,
            "errors": form.error_summary() if form.is_bound else [],
            "enrolment": enrolment,
            "record": record,
            "extra_query": _query_without_page(request),
        },
    )


@require_GET
@login_required
def audit_trail_csv(request):
    events, form, enrolment, record = _filtered(request)
    record_change(
        actor=request.user, action="audit.exported", object_type="audit.trail", instance=enrolment,
        after={"filters": _query_without_page(request)[:500]},
    )  # fmt: skip
    rows = (
        [e.sequence, e.at, e.actor_label, e.action, e.object_type, e.object_id, e.object_label,
         json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
         json.dumps(e.after, ensure_ascii=False) if e.after is not None else ""]
        for e in events.iterator(chunk_size=2000)
    )  # fmt: skip
    return table_download(
        file_format="csv", name=f"audit-trail-{timezone.localdate():%Y-%m-%d}", sheet_title="Audit trail",
        labels=CSV_LABELS, rows=rows,
    )  # fmt: skip
