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
    REVIEW_TEXT_FIELDS,
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
from ksbtracker.web.dates import read_date, typed_date

SECTION_LABELS = {
    "progress_against_actions": ("Progress against the previous actions", ""),
    "slippage": ("Slippage", "Where the apprentice is behind, why, and what will be done"),
    "plan_changes": ("Changes to the training plan", "A change to a signed plan needs a new version of it"),
    "concerns": ("Concerns", "From the apprentice, employer or provider, including welfare"),
    "changes_of_circumstance": ("Changes of circumstance", "For example a new role, team or working hours"),
    "new_prior_learning": ("Newly found prior learning", "It may reduce the hours, duration and price"),
}
ACTION_ROWS = 4


@require_http_methods(["GET", "POST"])
@login_required
def review_start(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    if not may_decide(request.user, enrolment):
        raise PermissionDenied("Only the learner's assessor or a provider admin records progress reviews.")
    errors, typed = [], ("", "", "")
    if request.method == "POST":
        held_on, typed, error = read_date(request.POST, "held_on", "the date the review was held")
        if not error:
            otj = otj_position(enrolment, today=held_on)
            try:
                review = start_review(enrolment=enrolment, actor=request.user, held_on=held_on,
                                      otj_hours_done=otj.done, otj_hours_expected=otj.expected_by_today)  # fmt: skip
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                return redirect(review.get_absolute_url())
        errors = [{"text": error, "href": "#held_on-day"}]
    return render(request, "reviews/start.html",
                  {"enrolment": enrolment, "errors": errors, "typed": typed, "due": review_due(enrolment)})  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def review_detail(request, review_id: int):
    review = review_for_user(request.user, review_id)
    enrolment = review.enrolment
    can_edit = review.status == ReviewStatus.DRAFT and may_decide(request.user, enrolment)
    errors, field_errors = [], {}
    submitted = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("This review can no longer be changed.")
        submitted = request.POST
        answers = {name: request.POST.get(name, "")[:5000] for name in REVIEW_TEXT_FIELDS}
        actions, rows, date_errors = [], [], {}
        for index in range(ACTION_ROWS):
            description = request.POST.get(f"description-{index}", "").strip()[:1000]
            if not description:
                continue
            due_on, _, error = read_date(
                request.POST, f"due_on-{index}", f"the due date of next action {index + 1}"
            )
            if error:
                date_errors[f"due_on-{index}"] = error
            rows.append(index)
            actions.append({"description": description, "owner": request.POST.get(f"owner-{index}", "")[:200],
                            "due_on": due_on, "number": index + 1})  # fmt: skip
        try:
            update_review(review=review, actor=request.user, answers=answers, actions=actions)
            sign_offs = [int(v) for v in request.POST.getlist("sign_off") if v.isdigit()]
            if sign_offs:
                sign_off_ksbs(enrolment=enrolment, actor=request.user, ksb_ids=sign_offs, review=review)
            if request.POST.get("action") == "send":
                send_review_for_signing(review=review, actor=request.user)
        except ValidationError as error:
            field_errors = _field_errors(error, rows) | date_errors  # the date parser says more precisely why
            errors = [{"text": text, "href": _anchor(key)} for key, text in field_errors.items()]
        else:
            messages.success(
                request,
                "Review sent for signatures." if request.POST.get("action") == "send" else "Review saved.",
            )
            return redirect(review.get_absolute_url())
    statuses = ksb_statuses(enrolment) if can_edit else []
    signatures = verify_record(review, review_content(review))
    role = rater_role_for(request.user, enrolment)
    actions = list(review.actions.all())
    action_rows = _action_rows(actions, submitted, field_errors)
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "enrolment": enrolment,
            "sections": [
                (name, *SECTION_LABELS[name], submitted.get(name) if submitted else getattr(review, name))
                for name in REVIEW_TEXT_FIELDS
            ],  # fmt: skip
            "actions": actions,
            "action_rows": action_rows,
            "errors": errors,
            "can_edit": can_edit,
            "to_sign_off": [s for s in statuses if s.status == KSBStatus.EVIDENCED],
            "signed_off": list(review.sign_offs.select_related("ksb")),
            "signatures": signatures,
            "can_sign": review.status == ReviewStatus.SIGNING
            and role in ("learner", "assessor", "line_manager")
            and role not in {check.signature.role for check in signatures},
        },
    )


def _field_errors(error: ValidationError, rows: list[int]) -> dict[str, str]:
    """The service's errors keyed by form field; its action numbers count only the rows filled in."""
    if not hasattr(error, "error_dict"):
        return {"__all__": " ".join(error.messages)}
    result = {}
    for key, messages_ in error.message_dict.items():
        name, _, position = key.rpartition("-")
        if name in ("owner", "due_on") and position.isdigit():
            key = f"{name}-{rows[int(position)]}"
        result[key] = " ".join(messages_)
    return result


def _action_rows(actions, submitted, field_errors) -> list[tuple]:
    """(number, values, typed due date, date field name, owner error, date error) for each action row."""
    rows = []
    for i in range(max(ACTION_ROWS, len(actions))):
        if submitted is not None:
            values = {
                "description": submitted.get(f"description-{i}", ""),
                "owner": submitted.get(f"owner-{i}", ""),
            }
            typed = tuple(submitted.get(f"due_on-{i}-{part}", "") for part in ("day", "month", "year"))
        else:
            action = actions[i] if i < len(actions) else None
            values = {"description": action.description, "owner": action.owner} if action else {}
            typed = typed_date(action.due_on if action else None)
        rows.append(
            (i, values, typed, f"due_on-{i}", field_errors.get(f"owner-{i}"), field_errors.get(f"due_on-{i}"))
        )
    return rows


def _anchor(key: str) -> str:
    if key.startswith("due_on"):
        return f"#{key}-day"
    return "#description-0" if key == "__all__" else f"#{key}"


@require_POST
@login_required
def review_sign(request, review_id: int):
    review = review_for_user(request.user, review_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Confirm that the review is a true record before signing")
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
    errors, values = [], {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "")[:2000] for k in ("interval", "unit", "reason", "agreed_by")}
        try:
            agree_review_frequency(
                enrolment=enrolment, actor=request.user,
                interval=int(values["interval"]) if values["interval"].isdigit() else 0,
                unit=values["unit"], reason=values["reason"], agreed_by=values["agreed_by"],
            )  # fmt: skip
        except ValidationError as error:
            errors = [{"text": m, "href": f"#{k}"} for k, ms in error.message_dict.items() for m in ms]
        else:
            messages.success(request, "Agreed review frequency recorded.")
            return redirect(reverse("enrolment-progress", args=[enrolment.pk]) + "#reviews")
    return render(
        request, "reviews/frequency.html", {"enrolment": enrolment, "errors": errors, "values": values}
    )


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
