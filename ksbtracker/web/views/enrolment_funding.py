"""Per apprentice: funding details (ULN, age at start, English and maths, EPA price), the figures to return,
returning them and correcting them; and the employer's statement when fewer OTJ hours were done than planned."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ksbtracker.funding.apprentice import (
    details_for,
    english_and_maths,
    record_funding_details,
    sign_employer_statement,
)
from ksbtracker.funding.returns import (
    correct_returned_figures,
    field_names,
    funding_year_label,
    funding_year_of,
    mark_returned,
)
from ksbtracker.people.access import enrolment_for_user
from ksbtracker.progress.gateway import otj_minimum_to_deliver
from ksbtracker.progress.otj import otj_position
from ksbtracker.progress.returns import return_row
from ksbtracker.web.enrolment_funding_forms import (
    EmployerStatementForm,
    FundingDetailsForm,
    ReturnCorrectionForm,
)


def _enrolment_for_funding(user, enrolment_id):
    enrolment = enrolment_for_user(user, enrolment_id)
    if not user.has_perm("funding.view_returns"):
        raise Http404("No apprentice found.")
    return enrolment


@require_http_methods(["GET", "POST"])
@login_required
def enrolment_funding(request, enrolment_id: int):
    enrolment = _enrolment_for_funding(request.user, enrolment_id)
    can_change = request.user.has_perm("people.change_enrolment", enrolment)
    details = details_for(enrolment)
    form = FundingDetailsForm(initial=FundingDetailsForm.initial_from(details))
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Only the provider's admins change funding details.")
        if request.POST.get("action") == "return":
            return _mark_returned(request, enrolment)
        form = FundingDetailsForm(request.POST)
        if form.is_valid():
            try:
                record_funding_details(actor=request.user, enrolment=enrolment, values=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Funding details saved.")
                return redirect("enrolment-funding", enrolment.pk)
    year = funding_year_of(timezone.localdate())
    row = return_row(enrolment)
    returned = getattr(enrolment, "returned_figures", None)
    return render(
        request,
        "funding/enrolment_funding.html",
        {
            "enrolment": enrolment,
            "details": details,
            "form": form,
            "can_change": can_change,
            "english_maths": english_and_maths(enrolment, details),
            "row": row,
            "names": field_names(year),
            "year_label": funding_year_label(year),
            "returned": returned,
            "corrections": returned.corrections.select_related("corrected_by")[:50] if returned else [],
        },
    )


def _mark_returned(request, enrolment):
    row = return_row(enrolment)
    if row.planned_hours is None:
        messages.error(
            request, "There is no signed training plan, so there are no planned figures to return yet."
        )
        return redirect("enrolment-funding", enrolment.pk)
    try:
        mark_returned(actor=request.user, enrolment=enrolment, planned_end_date=row.planned_end_date,
                      planned_hours=row.planned_hours)  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The planned end date and planned OTJ hours are recorded as returned.")
    return redirect("enrolment-funding", enrolment.pk)


@require_http_methods(["GET", "POST"])
@login_required
def returned_figures_correct(request, enrolment_id: int):
    enrolment = _enrolment_for_funding(request.user, enrolment_id)
    if not request.user.has_perm("people.change_enrolment", enrolment):
        raise PermissionDenied("Only the provider's admins correct returned figures.")
    returned = getattr(enrolment, "returned_figures", None)
    if returned is None:
        raise Http404("No figures have been returned.")
    form = ReturnCorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correct_returned_figures(actor=request.user, returned=returned, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Correction recorded.")
            return redirect("enrolment-funding", enrolment.pk)
    return render(
        request, "funding/returned_correct.html", {"form": form, "enrolment": enrolment, "returned": returned}
    )


@require_http_methods(["GET", "POST"])
@login_required
def employer_otj_statement(request, enrolment_id: int):
    """The line manager signs the employer's statement; everyone who can see the apprentice sees it."""
    enrolment = enrolment_for_user(request.user, enrolment_id)
    signed = getattr(enrolment, "employer_otj_statement", None)
    otj = otj_position(enrolment)
    minimum = otj_minimum_to_deliver(enrolment)
    needed = signed is None and minimum is not None and minimum <= otj.done < otj.required
    may_sign = needed and enrolment.line_manager_id == request.user.pk
    form = EmployerStatementForm(request.POST or None)
    if request.method == "POST":
        if not may_sign:
            raise PermissionDenied(
                "Only the apprentice's line manager signs, and only when a statement is needed."
            )
        if form.is_valid():
            try:
                sign_employer_statement(actor=request.user, enrolment=enrolment, statement=form.cleaned_data["statement"],
                                        hours_done=otj.done, hours_planned=otj.required, hours_minimum=minimum)  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "You signed the employer's statement.")
                return redirect("enrolment-progress", enrolment.pk)
    return render(request, "funding/employer_statement.html", {
        "enrolment": enrolment, "signed": signed, "otj": otj, "minimum": minimum, "needed": needed,
        "may_sign": may_sign, "form": form,
    })  # fmt: skip
