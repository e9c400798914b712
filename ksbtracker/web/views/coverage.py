"""Framework coverage pages: one apprentice's, and a cohort's (every apprentice the person can see, or of one
standard version)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ksbtracker.people.access import enrolment_for_user, enrolments_visible_to
from ksbtracker.progress.coverage import apprentice_coverage, cohort_coverage
from ksbtracker.standards.models import StandardVersion


@require_GET
@login_required
def apprentice_coverage_page(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    return render(request, "progress/coverage.html", {
        "enrolment": enrolment, "frameworks": apprentice_coverage(enrolment),
    })  # fmt: skip


@require_GET
@login_required
def cohort_coverage_page(request):
    enrolments = enrolments_visible_to(request.user).exclude(learner=request.user)
    standards = list(StandardVersion.objects.filter(pk__in=enrolments.values("standard_version_id"))
                     .only("pk", "reference_number", "version", "title").order_by("reference_number", "version"))  # fmt: skip
    chosen = request.GET.get("standard", "")
    standard = next((s for s in standards if str(s.pk) == chosen), None)
    if standard is not None:
        enrolments = enrolments.filter(standard_version=standard)
    size, frameworks = cohort_coverage(enrolments)
    return render(request, "progress/coverage.html", {
        "frameworks": frameworks, "size": size, "standards": standards, "standard": standard,
    })  # fmt: skip
