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
    form = PlanCheckForm(request.POST if request.method == "POST" else None)
    plan = _check(form) if form.is_bound and form.is_valid() else None
    return render(
        request,
        "funding/plan_check.html",
        {"form": form, "plan": plan, "rows": _plan_rows(plan) if plan else []},
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


def _plan_rows(plan: PlanCheck) -> list[tuple[str, str, str]]:
    """(what, figure, how it was worked out) for the result's summary list."""
    percent = plain_number(plan.prior_learning_percent)
    reduction = plain_number(plan.minimum_price_reduction_percent, places=None)
    rows = [
        ("Funding rules", plan.rule_set, f"For starts on {plan.start_date:%-d %B %Y}"),
        (
            "Planned end date",
            f"{plan.planned_end_date:%-d %B %Y}",
            f"{plan.months} months after the start: {plain_number(plan.weeks_on_programme)} weeks on programme",
        ),
        ("OTJ minimum", f"{plain_number(plan.otj_minimum_hours)} hours", plan.otj_minimum_working),
        ("Planned OTJ hours without prior learning", f"{plain_number(plan.planned_hours)} hours", ""),
        (
            "Prior learning",
            f"{plain_number(plan.prior_learning_hours)} hours, {percent}%",
            f"{plain_number(plan.prior_learning_hours)} ÷ {plain_number(plan.planned_hours)} × 100 = {percent}%",
        ),
        (
            "Least price reduction",
            f"{reduction}%",
            f"{plain_number(plan.minimum_price_reduction_share * 100)}% of the {percent}% prior learning",
        ),
    ]
    if plan.price is not None:
        rows.append(
            (
                "Most that can be charged",
                f"£{plan.maximum_price:,.2f}",
                f"£{plan.price:,.2f} less {reduction}%",
            )
        )
    rows += [
        (
            "Duration cut by prior learning",
            f"{plan.duration_reduction_weeks} weeks",
            f"{plain_number(plan.weeks_on_programme)} weeks × {percent}%, rounded down to whole weeks",
        ),
        ("New planned end date", f"{plan.new_planned_end_date:%-d %B %Y}", ""),
        ("OTJ hours after prior learning", f"{plain_number(plan.hours_after_prior_learning)} hours", ""),
    ]
    return rows


def _rule_set_rows(rule_set: FundingRuleSet) -> list[tuple[str, str]]:
    """The rule set's values in words, for its summary card."""
    if rule_set.otj_basis == OTJBasis.SHARE_OF_HOURS:
        cap = rule_set.otj_weekly_hours_cap
        otj = (
            f"{plain_number(rule_set.otj_share_of_hours * 100)}% of contracted hours"
            + (f" (counting at most {plain_number(cap)} hours a week)" if cap is not None else "")
            + f", over the weeks on programme less {plain_number(rule_set.statutory_leave_weeks_per_year)}"
            " weeks' statutory leave a year, pro rata"
        )
    else:
        otj = "The standard's published minimum hours"
    after_hours = rule_set.minimum_otj_hours_after_prior_learning
    after_months = rule_set.minimum_duration_months_after_prior_learning
    return [
        ("Applies to starts from", f"{rule_set.effective_from:%-d %B %Y}"),
        ("Minimum duration", f"{rule_set.minimum_duration_months} months"),
        ("OTJ minimum", otj),
        (
            "Least OTJ hours after prior learning",
            f"{after_hours} hours" if after_hours is not None else "No minimum",
        ),
        (
            "Least duration after prior learning",
            f"{after_months} months" if after_months is not None else "No minimum",
        ),
        ("Progress reviews", describe_interval(rule_set=rule_set).capitalize()),
        (
            "Least price reduction for prior learning",
            f"{plain_number(rule_set.minimum_price_reduction_share * 100)}% of the prior-learning percentage",
        ),
    ]
