from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ksbtracker.people.access import enrolment_for_user, enrolments_visible_to

from .scans import enrolment_scan_context

ENROLMENT_RELATED = (
    "learner",
    "standard_version",
    "employer",
    "provider",
    "epao",
    "assessor",
    "line_manager",
)


@require_GET
@login_required
def enrolment_list(request):
    enrolments = (
        enrolments_visible_to(request.user)
        .select_related(*ENROLMENT_RELATED)
        .order_by("learner__full_name", "id")
    )
    return render(request, "enrolments/list.html", {"enrolments": enrolments})


@require_GET
@login_required
def enrolment_detail(request, enrolment_id: int):
    enrolment = enrolment_for_user(
        request.user,
        enrolment_id,
        queryset=enrolments_visible_to(request.user)
        .select_related(*ENROLMENT_RELATED, "funding_rule_set")
        .annotate(ksb_count=Count("standard_version__ksbs")),
    )
    return render(
        request,
        "enrolments/detail.html",
        {
            "enrolment": enrolment,
            "can_change": request.user.has_perm("people.change_enrolment", enrolment),
            **enrolment_scan_context(request.user, enrolment),
        },
    )
