"""Training plan pages: build from the baseline, set hours and activities, the funding outcome, sign, revise."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ksbtracker.plans.models import PlanStatus, ProgrammeModule
from ksbtracker.plans.selectors import (
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
from ksbtracker.signing.api import content_fingerprint, verify_record
from ksbtracker.web.pdf import pdf_response


def _decimal(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() and value >= 0 else None


@require_POST
@login_required
def plan_create(request, scan_id: int):
    scan = scan_for_user(request.user, scan_id)
    raw = request.POST.get("required_hours", "").strip()
    required = _decimal(raw) if raw else None
    if raw and required is None:
        messages.error(request, "Enter the planned OTJ hours as a number, for example 278")
        return redirect(scan.get_absolute_url())
    try:
        plan = create_plan_from_baseline(scan=scan, actor=request.user, required_hours=required)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(scan.get_absolute_url())
    messages.success(request, "Training plan drafted from the baseline. Check the hours and activities.")
    return redirect(plan.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def plan_detail(request, plan_id: int):
    plan = plan_for_user(request.user, plan_id)
    enrolment = plan.enrolment
    can_edit = plan.is_editable and may_decide(request.user, enrolment)
    errors = []
    items = plan_items(plan)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("This training plan cannot be changed now.")
        hours, activities, modules = {}, {}, {}
        for item in items:
            value = _decimal(request.POST.get(f"hours-{item.ksb_id}", ""))
            if value is None:
                errors.append({"text": f"Enter the planned hours for {item.ksb.code} as a number, 0 or more",
                               "href": f"#hours-{item.ksb_id}"})  # fmt: skip
                continue
            hours[item.ksb_id] = value
            activities[item.ksb_id] = request.POST.get(f"activities-{item.ksb_id}", "").strip()[:2000]
            module = request.POST.get(f"module-{item.ksb_id}", "")
            modules[item.ksb_id] = int(module) if module.isdigit() else None
        if not errors:
            try:
                update_plan_items(
                    plan=plan, actor=request.user, hours=hours, activities=activities, modules=modules
                )
            except ValidationError as error:
                first = next((i for g in items_by_duty(items) for i in g.items), items[0])
                errors = [{"text": m, "href": f"#hours-{first.ksb_id}"} for m in error.messages]
            else:
                if request.POST.get("action") == "send":
                    send_plan_for_signing(plan=plan, actor=request.user)
                    messages.success(
                        request,
                        "The training plan is ready for the apprentice, employer and provider to sign.",
                    )
                else:
                    messages.success(request, "Training plan saved.")
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
            "errors": errors,
            "can_edit": can_edit,
            "modules": ProgrammeModule.objects.filter(
                provider=enrolment.provider, standard_version=enrolment.standard_version
            ),
            "signatures": signatures,
            "can_sign": plan.status == PlanStatus.SIGNING
            and role
            and role not in {check.signature.role for check in signatures},
            "role_label": SignatoryRole(role).label if role else "",
            "can_revise": plan.status == PlanStatus.SIGNED and may_decide(request.user, enrolment),
            "submitted": request.POST if errors else None,
        },
    )


@require_POST
@login_required
def plan_sign(request, plan_id: int):
    plan = plan_for_user(request.user, plan_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Confirm that you agree to the training plan before signing")
        return redirect(plan.get_absolute_url() + "#sign")
    try:
        sign_plan(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have signed the training plan.")
    return redirect(plan.get_absolute_url())


@require_POST
@login_required
def plan_revise(request, plan_id: int):
    plan = plan_for_user(request.user, plan_id)
    try:
        new = revise_plan(plan=plan, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan.get_absolute_url())
    messages.success(request, f"Version {new.version} started. The signed plan is kept as it was.")
    return redirect(new.get_absolute_url())


@require_http_methods(["GET"])
@login_required
def plan_pdf(request, plan_id: int):
    plan = plan_for_user(request.user, plan_id)
    items = plan_items(plan)
    outcome = plan_outcome(plan, items)
    review_rule, review_dates = plan_review_dates(plan, outcome.new_planned_end_date)
    content = plan_content(plan)
    context = {
        "plan": plan,
        "outcome": outcome,
        "groups": items_by_duty(items),
        "prior_items": [i for i in items if i.prior_learning_hours > 0],
        "review_rule": review_rule,
        "review_dates": review_dates,
        "signatures": verify_record(plan, content),
        "current_hash": content_fingerprint(content),
    }
    learner = plan.enrolment.learner.full_name.replace(" ", "-")
    return pdf_response(
        template="pdf/plan.html", context=context, filename=f"training-plan-v{plan.version}-{learner}.pdf"
    )
