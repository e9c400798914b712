"""Progress review pages: record a review, write it up with next actions, sign off KSBs, sign."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ksbtracker.people.access import enrolment_for_user
from ksbtracker.progress.otj import otj_position
from ksbtracker.progress.status import KSBStatus, ksb_statuses
from ksbtracker.reviews.models import ReviewStatus
from ksbtracker.reviews.selectors import review_due, review_for_user
from ksbtracker.reviews.services import (
    agree_review_frequency,
    review_content,
    send_review_for_signing,
    sign_off_ksbs,
    sign_review,
    start_rescan_for_review,
    start_review,
    update_review,
)
from ksbtracker.scans.access import may_decide, rater_role_for
from ksbtracker.signing.api import verify_record
from ksbtracker.web.dates import typed_date
from ksbtracker.web.forms import ConfirmForm, posted
from ksbtracker.web.review_forms import ReviewForm, ReviewFrequencyForm, ReviewStartForm


@require_http_methods(["GET", "POST"])
@login_required
def review_start(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    if not may_decide(request.user, enrolment):
        raise PermissionDenied("Only the learner's assessor or a provider admin records progress reviews.")
    form = ReviewStartForm(posted(request), enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        held_on = form.cleaned_data["held_on"]
        otj = otj_position(enrolment, today=held_on)
        try:
            review = start_review(enrolment=enrolment, actor=request.user, held_on=held_on,
                                  otj_hours_done=otj.done, otj_hours_expected=otj.expected_by_today)  # fmt: skip
        except ValidationError as error:
            form.add_service_error(error, {"held_on": "held_on"})
        else:
            return redirect(review.get_absolute_url())
    return render(request, "reviews/start.html", {
        "enrolment": enrolment, "form": form, "errors": form.error_summary(), "typed": typed_date(form["held_on"]),
        "date_error": " ".join(form["held_on"].errors), "due": review_due(enrolment),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def review_detail(request, review_id: int):
    review = review_for_user(request.user, review_id)
    enrolment = review.enrolment
    can_edit = review.status == ReviewStatus.DRAFT and may_decide(request.user, enrolment)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("This review can no longer be changed.")
    statuses = ksb_statuses(enrolment) if can_edit else []
    to_sign_off = [s for s in statuses if s.status == KSBStatus.EVIDENCED]
    actions = list(review.actions.all())
    form = ReviewForm(posted(request), review=review, actions=actions, to_sign_off=to_sign_off)
    revision = form["revision"].value()
    if request.method == "POST" and form.is_valid():
        try:
            update_review(review=review, actor=request.user, answers=form.answers(), actions=form.actions(),
                          seen_revision=form.cleaned_data["revision"])  # fmt: skip
            if form.cleaned_data["sign_off"]:
                sign_off_ksbs(enrolment=enrolment, actor=request.user, ksb_ids=form.cleaned_data["sign_off"],
                              review=review)  # fmt: skip
            if form.pressed() == "send":
                send_review_for_signing(review=review, actor=request.user)
        except ValidationError as error:
            form.add_review_error(error)
            review.refresh_from_db()
            revision = review.revision  # saved, or saved by someone else: what is typed now replaces it
        else:
            messages.success(
                request, "Review sent for signatures." if form.pressed() == "send" else "Review saved."
            )
            return redirect(review.get_absolute_url())
    signatures = verify_record(review, review_content(review))
    role = rater_role_for(request.user, enrolment)
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "enrolment": enrolment,
            "form": form,
            "sections": form.sections(),
            "actions": actions,
            "action_rows": form.action_rows(),
            "revision": revision,
            "chosen_sign_offs": [str(v) for v in form["sign_off"].value() or []],
            "errors": form.error_summary(),
            "can_edit": can_edit,
            "to_sign_off": to_sign_off,
            "signed_off": list(review.sign_offs.select_related("ksb")),
            "signatures": signatures,
            "can_sign": review.status == ReviewStatus.SIGNING
            and role in ("learner", "assessor", "line_manager")
            and role not in {check.signature.role for check in signatures},
        },
    )


@require_POST
@login_required
def review_sign(request, review_id: int):
    review = review_for_user(request.user, review_id)
    form = ConfirmForm(posted(request), message="Confirm that the review is a true record before signing")
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect(review.get_absolute_url() + "#sign")
    try:
        sign_review(review=review, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have signed the progress review.")
    return redirect(review.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def review_frequency(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    if not may_decide(request.user, enrolment):
        raise PermissionDenied("Only the provider records an agreed review frequency.")
    form = ReviewFrequencyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            agree_review_frequency(enrolment=enrolment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Agreed review frequency recorded.")
            return redirect(reverse("enrolment-progress", args=[enrolment.pk]) + "#reviews")
    return render(request, "reviews/frequency.html", {"enrolment": enrolment, "form": form})


@require_POST
@login_required
def review_rescan(request, review_id: int):
    review = review_for_user(request.user, review_id)
    try:
        rescan = start_rescan_for_review(review=review, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(review.get_absolute_url())
    messages.success(request, "Re-scan started. The learner, assessor and line manager rate every KSB again.")
    return redirect(rescan.get_absolute_url())
