"""The programme overview for provider admins and quality reviewers (and anyone, over what they can see)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ksbtracker.people.access import enrolments_visible_to
from ksbtracker.progress.overview import past_planned_end, programme_counts, waiting_by_assessor
from ksbtracker.web.pagination import paginate


@require_GET
@login_required
def programme_overview(request):
    today = timezone.localdate()
    enrolments = enrolments_visible_to(request.user).exclude(learner=request.user)
    return render(request, "progress/overview.html", {
        "counts": programme_counts(enrolments, today=today),
        "assessors": waiting_by_assessor(enrolments),
        "page": paginate(request, past_planned_end(enrolments, today=today)),
    })  # fmt: skip
