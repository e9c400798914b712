"""A learner's dashboard: KSB grid, distance travelled, OTJ hours over time, and what comes next."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ksbtracker.evidence.models import hours_label
from ksbtracker.people.access import enrolment_for_user
from ksbtracker.progress.dashboard import (
    TILE_STATUSES,
    ksb_tiles,
    latest_distance,
    next_actions,
    otj_by_month,
)
from ksbtracker.progress.gateway import gateway_readiness
from ksbtracker.progress.otj import otj_position
from ksbtracker.reviews.selectors import review_due
from ksbtracker.web.charts import distance_chart, otj_chart


@require_GET
@login_required
def enrolment_dashboard(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    today = timezone.localdate()
    duty = request.GET.get("duty", "")
    groups, duties = ksb_tiles(enrolment, duty_number=int(duty) if duty.isdigit() else None)
    otj = otj_position(enrolment, today=today)
    months = otj_by_month(enrolment)
    checks = gateway_readiness(enrolment, today=today, otj=otj)
    distance = latest_distance(enrolment)
    context = {
        "enrolment": enrolment,
        "groups": groups,
        "duties": duties,
        "duty": int(duty) if duty.isdigit() else None,
        "key": TILE_STATUSES,
        "otj": otj,
        "months": [(month, hours_label(hours), hours_label(total)) for month, hours, total in months],
        "otj_chart": otj_chart(
            cumulative=[(month, total) for month, _, total in months], start=enrolment.start_date,
            end=otj.planned_end, required=otj.required, expected_today=otj.expected_by_today, today=today,
        ),  # fmt: skip
        "due": review_due(enrolment, today=today),
        "actions": next_actions(enrolment),
        "checks_met": sum(1 for c in checks if c.met),
        "checks": checks,
        "first_unmet": next((c for c in checks if not c.met), None),
    }
    if distance:
        rescan, rows, overall, bottom, top = distance
        context.update(
            rescan=rescan, comparisons=rows, overall=overall,
            distance_chart=distance_chart([(r.ksb.code, r.baseline, r.later) for r in rows], bottom=bottom, top=top),
        )  # fmt: skip
    return render(request, "progress/dashboard.html", context)
