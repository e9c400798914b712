"""Progress pages: KSB status, off-the-job hours, reviews due, gateway readiness; the OTJ log and qualifications."""

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
from ksbtracker.web.dates import typed_date
from ksbtracker.web.forms import posted
from ksbtracker.web.progress_forms import GatewayForm, OTJLogForm, QualificationForm


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
    if rater_role_for(request.user, enrolment) not in (RaterRole.LEARNER, RaterRole.ASSESSOR):
        raise PermissionDenied("Only the learner or their assessor logs off-the-job hours.")
    ksbs = sorted(enrolment.standard_version.ksbs.all(), key=lambda k: ("KSB".index(k.kind), k.number))
    form = OTJLogForm(posted(request), ksbs=ksbs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log_otj_hours(enrolment=enrolment, actor=request.user, date=data["date"], activity=data["activity"],
                          hours=data["hours"], ksb_ids=data["ksbs"])  # fmt: skip
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{data['hours'].normalize():f} off-the-job hours logged.")
            return redirect(enrolment_progress_url(enrolment) + "#otj")
    return render(request, "progress/otj_add.html", {
        "enrolment": enrolment, "ksbs": ksbs, "form": form, "errors": form.error_summary(),
        "typed": typed_date(form["date"]), "chosen": [str(v) for v in form["ksbs"].value() or []],
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def qualification_add(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    if not may_decide(request.user, enrolment):
        raise PermissionDenied("Only the provider records qualifications achieved.")
    mandatory = mandatory_qualifications(enrolment.standard_version)
    form = QualificationForm(posted(request), initial={"title": mandatory[0] if mandatory else ""})
    if request.method == "POST" and form.is_valid():
        try:
            record_qualification(enrolment=enrolment, actor=request.user, title=form.cleaned_data["title"],
                                 achieved_on=form.cleaned_data["achieved"])  # fmt: skip
        except ValidationError as error:
            form.add_service_error(error, {"achieved_on": "achieved"})
        else:
            messages.success(request, "Qualification recorded.")
            return redirect(enrolment_progress_url(enrolment) + "#qualifications")
    return render(request, "progress/qualification_add.html", {
        "enrolment": enrolment, "form": form, "errors": form.error_summary(), "mandatory": mandatory,
        "typed": typed_date(form["achieved"]),
    })  # fmt: skip


@require_POST
@login_required
def gateway_confirm(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    form = GatewayForm(posted(request))
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["statement"])
        confirm_gateway(enrolment=enrolment, actor=request.user, statement=form.cleaned_data["statement"])
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
