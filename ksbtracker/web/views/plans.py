"""Training plan pages: build from the baseline, set hours and activities, the funding outcome, sign, revise."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ksbtracker.plans.models import PlanStatus, ProgrammeModule
from ksbtracker.plans.selectors import (
    default_required_hours,
    items_by_duty,
    plan_for_user,
    plan_items,
    plan_outcome,
    plan_review_dates,
)
from ksbtracker.plans.services import (
    create_plan_from_baseline,
    plan_content,
    revise_plan,
    send_plan_for_signing,
    sign_plan,
    update_plan_items,
)
from ksbtracker.scans.access import may_decide, scan_for_user, signatory_role_for
from ksbtracker.scans.models import SignatoryRole
from ksbtracker.signing.api import verify_record
from ksbtracker.web.forms import ConfirmForm, ReasonForm, posted
from ksbtracker.web.pdf import pdf_download, render_pdf
from ksbtracker.web.pdf_documents import plan_document, plan_is_signed
from ksbtracker.web.plan_forms import PlanCreateForm, PlanItemsForm


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request, scan_id: int):
    """Build the plan from the locked baseline: the total hours to plan, the minimum if left blank."""
    scan = scan_for_user(request.user, scan_id)
    form = PlanCreateForm(posted(request), default_hours=default_hours_or_none(scan.enrolment))
    if request.method == "POST" and form.is_valid():
        try:
            plan = create_plan_from_baseline(
                scan=scan, actor=request.user, required_hours=form.cleaned_data["required_hours"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, "Training plan drafted from the baseline. Check the hours and activities."
            )
            return redirect(plan.get_absolute_url())
    return render(request, "plans/create.html", {"form": form, "scan": scan})


def default_hours_or_none(enrolment) -> Decimal | None:
    """The minimum OTJ hours the plan starts from when none are given, if the rules give one."""
    try:
        return default_required_hours(enrolment)
    except ValidationError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def plan_detail(request, plan_id: int):
    plan = plan_for_user(request.user, plan_id)
    enrolment = plan.enrolment
    can_edit = plan.is_editable and may_decide(request.user, enrolment)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("This training plan cannot be changed now.")
    items = plan_items(plan)
    modules = list(
        ProgrammeModule.objects.filter(
            provider=enrolment.provider, standard_version=enrolment.standard_version
        )
    )
    form = PlanItemsForm(posted(request), plan=plan, items=items, modules=modules)
    revision = form["revision"].value()
    if request.method == "POST" and form.is_valid():
        try:
            update_plan_items(plan=plan, actor=request.user, **form.changes())
            if form.pressed() == "send":
                send_plan_for_signing(plan=plan, actor=request.user)
        except ValidationError as error:
            form.add_plan_error(error)
            plan.refresh_from_db()
            revision = plan.revision  # saved, or saved by someone else: what is typed now replaces it
            items = plan_items(plan)
        else:
            messages.success(
                request,
                "The training plan is ready for the apprentice, employer and provider to sign."
                if form.pressed() == "send"
                else "Training plan saved.",
            )
            return redirect(plan.get_absolute_url())
    outcome = plan_outcome(plan, items)
    review_rule, review_dates = plan_review_dates(plan, outcome.new_planned_end_date)
    signatures = verify_record(plan, plan_content(plan))
    role = signatory_role_for(request.user, enrolment)
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "enrolment": enrolment,
            "groups": items_by_duty(items),
            "items": items,
            "prior_items": [i for i in items if i.prior_learning_hours > 0],
            "outcome": outcome,
            "review_rule": review_rule,
            "review_dates": review_dates,
            "form": form,
            "entries": form.entries(),
            "revision": revision,
            "errors": form.error_summary(),
            "can_edit": can_edit,
            "modules": modules,
            "signatures": signatures,
            "can_sign": plan.status == PlanStatus.SIGNING
            and role
            and role not in {check.signature.role for check in signatures},
            "role_label": SignatoryRole(role).label if role else "",
            "can_revise": plan.status == PlanStatus.SIGNED and may_decide(request.user, enrolment),
        },
    )


@require_POST
@login_required
def plan_sign(request, plan_id: int):
    plan = plan_for_user(request.user, plan_id)
    form = ConfirmForm(posted(request), message="Confirm that you agree to the training plan before signing")
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect(plan.get_absolute_url() + "#sign")
    try:
        sign_plan(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if plan_is_signed(plan):  # the PDF is made now, ready before anyone asks for it
            render_pdf.enqueue("training-plan", plan.pk)
        messages.success(request, "You have signed the training plan.")
    return redirect(plan.get_absolute_url())


@require_POST
@login_required
def plan_revise(request, plan_id: int):
    plan = plan_for_user(request.user, plan_id)
    try:
        form = ReasonForm(posted(request), required_message="Enter the reason for the change")
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        new = revise_plan(plan=plan, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan.get_absolute_url())
    messages.success(request, f"Version {new.version} started. The signed plan is kept as it was.")
    return redirect(new.get_absolute_url())


@require_http_methods(["GET"])
@login_required
def plan_pdf(request, plan_id: int):
    return pdf_download(request, plan_document(plan_for_user(request.user, plan_id)))
