"""Progress pages: KSB status, off-the-job hours, reviews due, gateway readiness; the OTJ log and qualifications."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ksbtracker.lifecycle.selectors import is_read_only
from ksbtracker.people.access import enrolment_for_user
from ksbtracker.progress.gateway import gateway_readiness, mandatory_qualifications
from ksbtracker.progress.otj import otj_position
from ksbtracker.progress.services import confirm_gateway, log_otj_hours, record_qualification
from ksbtracker.progress.status import STATUS_RULES, KSBStatus, ksb_statuses
from ksbtracker.reviews.selectors import agreed_frequency, review_due
from ksbtracker.scans.access import may_decide, rater_role_for
from ksbtracker.scans.models import RaterRole
from ksbtracker.web.dates import read_date


@require_GET
@login_required
def enrolment_progress(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    statuses = ksb_statuses(enrolment)
    otj = otj_position(enrolment)
    counts = {s: sum(1 for p in statuses if p.status == s) for s in KSBStatus.values}
    role = rater_role_for(request.user, enrolment)
    checks = gateway_readiness(enrolment, statuses=statuses, otj=otj)
    return render(
        request,
        "progress/enrolment.html",
        {
            "enrolment": enrolment,
            "statuses": statuses,
            "counts": [(KSBStatus(s).label, counts[s]) for s in KSBStatus.values],
            "otj": otj,
            "otj_log": enrolment.otj_log.prefetch_related("ksbs")[:20],
            "reviews": enrolment.progress_reviews.order_by("-held_on"),
            "due": review_due(enrolment),
            "frequency": agreed_frequency(enrolment),
            "checks": checks,
            "ready": all(c.met for c in checks),
            "qualifications": enrolment.qualifications.all(),
            "mandatory": mandatory_qualifications(enrolment.standard_version),
            "can_log_otj": role in (RaterRole.LEARNER, RaterRole.ASSESSOR) and not is_read_only(enrolment),
            "runs_reviews": may_decide(request.user, enrolment),
            "can_confirm_gateway": role == RaterRole.LINE_MANAGER
            and all(c.met for c in checks[:-1])
            and not checks[-1].met,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def otj_log_add(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    ksbs = sorted(enrolment.standard_version.ksbs.all(), key=lambda k: ("KSB".index(k.kind), k.number))
    errors, values = [], {"activity": "", "hours": "", "ksbs": [], "date": ("", "", "")}
    if request.method == "POST":
        date, values["date"], date_error = read_date(request.POST, "date", "the date of the training")
        values.update(
            activity=request.POST.get("activity", "")[:300], hours=request.POST.get("hours", "").strip()
        )
        values["ksbs"] = [int(v) for v in request.POST.getlist("ksbs") if v.isdigit()]
        if date_error:
            errors.append({"text": date_error, "href": "#date-day", "field": "date"})
        if not values["activity"].strip():
            errors.append({"text": "Enter what the training was", "href": "#activity", "field": "activity"})
        try:
            hours = Decimal(values["hours"])
        except InvalidOperation:
            hours = None
            errors.append(
                {"text": "Enter the hours as a number, for example 3.5", "href": "#hours", "field": "hours"}
            )
        if not errors:
            try:
                log_otj_hours(enrolment=enrolment, actor=request.user, date=date, activity=values["activity"],
                              hours=hours, ksb_ids=values["ksbs"])  # fmt: skip
            except ValidationError as error:
                anchors = {"date": "#date-day", "activity": "#activity", "hours": "#hours", "ksbs": "#ksbs"}
                errors = [
                    {"text": m, "href": anchors.get(k, "#"), "field": k}
                    for k, ms in error.message_dict.items()
                    for m in ms
                ]
            else:
                messages.success(request, f"{hours.normalize():f} off-the-job hours logged.")
                return redirect(enrolment_progress_url(enrolment) + "#otj")
    return render(
        request,
        "progress/otj_add.html",
        {"enrolment": enrolment, "ksbs": ksbs, "errors": errors, "values": values,
         "field_errors": {e["field"]: e["text"] for e in errors}},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def qualification_add(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    if not may_decide(request.user, enrolment):
        raise PermissionDenied("Only the provider records qualifications achieved.")
    mandatory = mandatory_qualifications(enrolment.standard_version)
    errors, values = [], {"title": mandatory[0] if mandatory else "", "achieved": ("", "", "")}
    if request.method == "POST":
        values["title"] = request.POST.get("title", "")[:300]
        achieved_on, values["achieved"], date_error = read_date(request.POST, "achieved", "the date achieved")
        if not values["title"].strip():
            errors.append({"text": "Enter the qualification's title", "href": "#title", "field": "title"})
        if date_error:
            errors.append({"text": date_error, "href": "#achieved-day", "field": "achieved_on"})
        if not errors:
            try:
                record_qualification(enrolment=enrolment, actor=request.user, title=values["title"],
                                     achieved_on=achieved_on)  # fmt: skip
            except ValidationError as error:
                anchors = {"title": "#title", "achieved_on": "#achieved-day"}
                errors = [
                    {"text": m, "href": anchors.get(k, "#"), "field": k}
                    for k, ms in error.message_dict.items()
                    for m in ms
                ]
            else:
                messages.success(request, "Qualification recorded.")
                return redirect(enrolment_progress_url(enrolment) + "#qualifications")
    return render(request, "progress/qualification_add.html", {
        "enrolment": enrolment, "errors": errors, "values": values, "mandatory": mandatory,
        "field_errors": {e["field"]: e["text"] for e in errors},
    })  # fmt: skip


@require_POST
@login_required
def gateway_confirm(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    try:
        confirm_gateway(
            enrolment=enrolment, actor=request.user, statement=request.POST.get("statement", "")[:2000]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have confirmed the apprentice is ready for gateway.")
    return redirect(enrolment_progress_url(enrolment) + "#gateway")


def enrolment_progress_url(enrolment) -> str:
    return reverse("enrolment-progress", args=[enrolment.pk])


def status_help(request):
    return render(
        request,
        "progress/status_help.html",
        {"rules": [(KSBStatus(s).label, text) for s, text in STATUS_RULES]},
    )
