"""Quality sampling pages: plans and their samples, the outcome per sampled assessment, the quality report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ksbtracker.audit.api import record_change
from ksbtracker.evidence.models import KSBDecision
from ksbtracker.people.access import organisation_ids_for_role
from ksbtracker.people.models import Organisation, Role
from ksbtracker.quality.access import (
    may_acknowledge,
    may_review,
    plan_for_user,
    plans_visible_to,
    reviewer_provider_ids,
    sample_for_user,
)
from ksbtracker.quality.report import REPORT_COLUMNS, quality_report
from ksbtracker.quality.services import acknowledge, create_plan, record_outcome
from ksbtracker.web.quality_forms import AcknowledgementForm, OutcomeForm, SamplingPlanForm
from ksbtracker.web.spreadsheets import table_download

PAGE_SIZE = 25


def _reading_providers(user) -> list[int]:
    ids = reviewer_provider_ids(user) + organisation_ids_for_role(user, Role.PROVIDER_ADMIN)
    if not ids:
        raise PermissionDenied("Quality sampling is for the provider's quality reviewers and admins.")
    return ids


@require_GET
@login_required
def quality_home(request):
    _reading_providers(request.user)
    plans = plans_visible_to(request.user).select_related("assessor", "created_by")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "quality/home.html", {"page": page, "may_plan": bool(reviewer_provider_ids(request.user))}
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_add(request):
    provider_ids = reviewer_provider_ids(request.user)
    if not provider_ids:
        raise PermissionDenied("Only quality reviewers make sampling plans.")
    provider = Organisation.objects.get(pk=provider_ids[0])
    form = SamplingPlanForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            plan = create_plan(actor=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Sample drawn: {plan.samples.count()} of {plan.population_size} assessments."
            )
            return redirect(plan.get_absolute_url())
    return render(request, "quality/plan_add.html", {"form": form, "provider": provider})


@require_GET
@login_required
def plan_detail(request, plan_id: int):
    plan = plan_for_user(request.user, plan_id)
    samples = plan.samples.select_related("round__item__enrolment__learner", "round__assessed_by").order_by(
        "id"
    )
    page = Paginator(samples, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quality/plan.html", {"plan": plan, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def sample_detail(request, sample_id: int):
    sample = sample_for_user(request.user, sample_id)
    reviewing, acknowledging = (
        may_review(request.user, sample) and not sample.outcome,
        may_acknowledge(request.user, sample),
    )
    form = None
    if reviewing:
        form = OutcomeForm(request.POST or None)
    elif acknowledging:
        form = AcknowledgementForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("There is nothing for you to record on this sampled assessment.")
        if form.is_valid():
            action = record_outcome if reviewing else acknowledge
            try:
                action(sample=sample, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Outcome recorded." if reviewing else "Feedback acknowledged.")
                return redirect(sample.get_absolute_url())
    decisions = KSBDecision.objects.filter(round=sample.round).select_related("ksb")
    return render(request, "quality/sample.html", {
        "sample": sample, "round": sample.round, "item": sample.round.item, "form": form,
        "decisions": sorted(decisions, key=lambda d: (d.ksb.kind_order, d.ksb.number)),
    })  # fmt: skip


@require_GET
@login_required
def report(request):
    return render(
        request, "quality/report.html", {"report": quality_report(_reading_providers(request.user))}
    )


@require_GET
@login_required
def report_export(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such export.")
    groups = quality_report(_reading_providers(request.user))
    record_change(actor=request.user, action="quality.report_exported", object_type="quality.report",
                  object_label="Quality report", after={"format": file_format})  # fmt: skip
    rows = [row.cells() for group in ("assessor", "standard") for row in groups[group]]
    return table_download(file_format=file_format, name="quality-report", sheet_title="Quality report",
                          labels=REPORT_COLUMNS, rows=rows)  # fmt: skip


__all__ = ["quality_home", "plan_add", "plan_detail", "sample_detail", "report", "report_export"]
