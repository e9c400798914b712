"""Funding pages: check a plan against the rules (what-if), list the rule sets, add next year's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.funding.calculations import PlanCheck, check_plan, plain_number
from ksbtracker.funding.models import FundingRuleSet, OTJBasis
from ksbtracker.funding.schedule import describe_interval
from ksbtracker.funding.services import add_rule_set
from ksbtracker.web.funding_forms import FundingRuleSetForm, PlanCheckForm


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("funding.use_plan_check", raise_exception=True)
def plan_check(request):
    """What if: a plan's OTJ minimum, prior-learning reductions and problems under the rules for its start."""
    find = request.GET.get("find", "").strip()[:100]
    form = PlanCheckForm(request.POST if request.method == "POST" else None, find=find)
    plan = _check(form) if form.is_bound and form.is_valid() else None
    return render(
        request,
        "funding/plan_check.html",
        {"form": form, "plan": plan, "find": find},
    )


@require_GET
@login_required
@permission_required("funding.use_plan_check", raise_exception=True)
def rule_set_list(request):
    rule_sets = [(rule_set, _rule_set_rows(rule_set)) for rule_set in FundingRuleSet.objects.all()]
    return render(
        request,
        "funding/rules.html",
        {"rule_sets": rule_sets, "can_add": request.user.has_perm("funding.add_fundingruleset")},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("funding.add_fundingruleset", raise_exception=True)
def rule_set_add(request):
    form = FundingRuleSetForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            rule_set = add_rule_set(actor=request.user, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Added “{rule_set.name}”: they apply to starts from {rule_set.effective_from:%-d %B %Y}.",
            )
            return redirect("funding-rules")
    return render(request, "funding/rule_add.html", {"form": form})


def _check(form: PlanCheckForm) -> PlanCheck | None:
    """The plan check for the form's figures; None, with the reason on the form, if they cannot be used."""
    figures = form.cleaned_data
    try:
        rule_set = rule_set_for_start(figures["start_date"])
    except ValidationError as error:
        form.add_error("start_date", error)
        return None
    try:
        return check_plan(rule_set=rule_set, **figures)
    except ValidationError as error:
        form.add_error(None, error)
        return None


NOT_MODELLED = "Not modelled: the published rules leave this open"


def _rule_set_rows(rule_set: FundingRuleSet) -> list[tuple[str, str, str]]:
    """(what, the value in words, where it comes from) for the rule set's summary card."""
    share, cap, leave = (
        rule_set.otj_share_of_hours,
        rule_set.otj_weekly_hours_cap,
        rule_set.statutory_leave_weeks_per_year,
    )
    if rule_set.otj_basis == OTJBasis.SHARE_OF_HOURS:
        otj = (
            f"{plain_number(share * 100)}% of contracted hours"
            + (f" (counting at most {plain_number(cap)} hours a week)" if cap is not None else "")
            + ", over the weeks on programme"
            + (
                f" less {plain_number(leave)} weeks' statutory leave a year, pro rata"
                if leave is not None
                else ""
            )
        )
        leave_text = f"{plain_number(leave)} weeks a year" if leave is not None else NOT_MODELLED
    else:
        otj = "The standard's published minimum hours for the start date"
        leave_text = "Not used: the published minimum applies"
    threshold = rule_set.part_time_threshold_hours
    duration = f"{rule_set.minimum_duration_months} months" + (
        f"; below {plain_number(threshold)} contracted hours a week, {rule_set.minimum_duration_months} × "
        f"{plain_number(threshold)} ÷ weekly hours"
        if threshold is not None
        else "; no extension for part-time work"
    )
    floor = rule_set.minimum_otj_hours_after_prior_learning
    price_share = rule_set.minimum_price_reduction_share
    to = f" to {rule_set.effective_to:%-d %B %Y}" if rule_set.effective_to else " onwards"
    reviews = (
        describe_interval(rule_set=rule_set).capitalize()
        if rule_set.review_interval is not None and rule_set.review_interval_unit
        else NOT_MODELLED
    )
    return [
        ("Applies to starts", f"{rule_set.effective_from:%-d %B %Y}{to}", ""),
        ("Calculation", rule_set.get_calculation_display(), ""),
        ("Minimum duration", duration, rule_set.sources.get("duration", "")),
        ("OTJ minimum", otj, rule_set.sources.get("otj_minimum", "")),
        ("Statutory leave", leave_text, ""),
        ("Least OTJ hours planned", f"{floor} hours" if floor is not None else NOT_MODELLED,
         rule_set.sources.get("otj_floor", "")),
        ("Least price reduction for prior learning",
         f"{plain_number(price_share * 100)}% of the prior-learning percentage, of the funding band maximum"
         if price_share is not None else NOT_MODELLED, rule_set.sources.get("price", "")),
        ("Progress reviews", reviews, rule_set.sources.get("reviews", "")),
    ]  # fmt: skip
