"""Skills scan pages: start, rate (one page per kind), check answers, decide prior learning, sign, correct."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ksbtracker import uploads
from ksbtracker.pathways.related import related_learning
from ksbtracker.people.access import enrolment_for_user
from ksbtracker.scans.access import (
    may_decide,
    may_start_scan,
    rater_role_for,
    scan_for_user,
    signatory_role_for,
)
from ksbtracker.scans.models import DecisionOutcome, RaterRole, ScanKind, ScanStatus, SignatoryRole
from ksbtracker.scans.prior_learning_files import FOLDER as PRIOR_LEARNING_FOLDER
from ksbtracker.scans.prior_learning_files import (
    add_prior_learning_file,
    prior_learning_file_for_user,
    remove_prior_learning_file,
)
from ksbtracker.scans.selectors import (
    baseline_for,
    compare_with_baseline,
    scales_for_provider,
    scan_ksbs,
    scan_rows,
)
from ksbtracker.scans.services import (
    correct_scan,
    finish_decisions,
    record_decision,
    save_prior_learning,
    save_ratings,
    scan_content,
    scan_content_hash,
    sign_scan,
    start_scan,
    submit_ratings,
)
from ksbtracker.signing.api import verify_record
from ksbtracker.standards.models import KSBKind
from ksbtracker.web.downloads import stored_file_response
from ksbtracker.web.forms import ConfirmForm, PriorLearningForm, ReasonForm, posted
from ksbtracker.web.pdf import pdf_download, render_pdf
from ksbtracker.web.pdf_documents import scan_document, scan_is_locked
from ksbtracker.web.scan_forms import DecisionsForm, RatingsForm, StartScanForm
from ksbtracker.web.views.plans import default_hours_or_none

KINDS = {
    "k": (KSBKind.KNOWLEDGE, "Knowledge"),
    "s": (KSBKind.SKILL, "Skills"),
    "b": (KSBKind.BEHAVIOUR, "Behaviours"),
}
NEXT_KIND = {"k": "s", "s": "b", "b": None}
RATING_STAGE = {
    RaterRole.LEARNER: ScanStatus.LEARNER_RATING,
    RaterRole.ASSESSOR: ScanStatus.STAFF_RATING,
    RaterRole.LINE_MANAGER: ScanStatus.STAFF_RATING,
}


@require_POST
@login_required
def scan_start(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    form = StartScanForm(posted(request), scales=scales_for_provider(enrolment.provider_id))
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("scale") or form.errors.get("kind"))
        scan = start_scan(
            enrolment=enrolment, actor=request.user, kind=form.chosen_kind(), scale=form.chosen_scale()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(enrolment.get_absolute_url())
    messages.success(request, f"{scan.get_kind_display()} started. The learner can now rate every KSB.")
    return redirect(scan.get_absolute_url())


@require_http_methods(["GET"])
@login_required
def scan_detail(request, scan_id: int):
    scan = scan_for_user(request.user, scan_id)
    enrolment = scan.enrolment
    rows = scan_rows(scan)
    signatures = verify_record(scan, scan_content(scan))
    role = rater_role_for(request.user, enrolment)
    signed_roles = {check.signature.role for check in signatures}
    my_signatory_role = signatory_role_for(request.user, enrolment)
    show_ratings = scan.status != ScanStatus.LEARNER_RATING or role == RaterRole.LEARNER
    can_build_plan = (
        scan.status == ScanStatus.LOCKED
        and scan.kind == ScanKind.BASELINE
        and may_decide(request.user, enrolment)
        and not enrolment.training_plans.exists()
    )
    comparison, distance = [], None
    baseline = baseline_for(scan) if scan.kind == ScanKind.RESCAN else None
    if baseline is not None and show_ratings:
        comparison, distance = compare_with_baseline(rescan=scan, baseline=baseline)
    return render(
        request,
        "scans/detail.html",
        {
            "scan": scan,
            "enrolment": enrolment,
            "rows": rows if show_ratings else [],
            "points": list(scan.scale.points.all()),
            "signatures": signatures,
            "all_signatures_match": all(check.verified for check in signatures),
            "rater_role": role,
            "can_rate": role is not None and scan.status == RATING_STAGE.get(role),
            "can_decide": may_decide(request.user, enrolment) and scan.status == ScanStatus.DECIDING,
            "can_sign": scan.status == ScanStatus.SIGNING
            and my_signatory_role is not None
            and my_signatory_role not in signed_roles,
            "can_correct": scan.status == ScanStatus.LOCKED and may_decide(request.user, enrolment),
            "plans": list(scan.training_plans.order_by("version")),
            "can_build_plan": can_build_plan,
            "default_hours": default_hours_or_none(enrolment) if can_build_plan else None,
            "waiting_for": [SignatoryRole(r).label for r in SignatoryRole.values if r not in signed_roles],
            "rated_counts": _rated_counts(rows),
            "baseline": baseline,
            "comparison": comparison,
            "distance": distance,
            "ksb_total": len(rows),
        },
    )


def _rated_counts(rows) -> dict:
    return {role: sum(1 for r in rows if r.value(role) is not None) for role in RaterRole.values}


@require_http_methods(["GET", "POST"])
@login_required
def scan_rate(request, scan_id: int, kind: str):
    """One page per kind of KSB: a rating on the scale (with every descriptor) and an optional comment.

    Every way off the page (the other kinds, check your answers, adding prior learning) is a button of
    this form, so what is chosen is saved before leaving.
    """
    scan = scan_for_user(request.user, scan_id)
    if kind not in KINDS:
        return redirect(scan.get_absolute_url())
    role = rater_role_for(request.user, scan.enrolment)
    if role is None or scan.status != RATING_STAGE[role]:
        raise PermissionDenied("You cannot rate this skills scan now.")
    kind_code, kind_label = KINDS[kind]
    rows = scan_rows(scan, kind=kind_code)
    points = list(scan.scale.points.all())
    form = RatingsForm(posted(request), rows=rows, points=points, role=role)
    if request.method == "POST" and form.is_valid():
        try:
            conflicts = save_ratings(scan=scan, actor=request.user, answers=form.answers())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if not conflicts:
                return _after_rating(request, form, scan, kind, kind_label)
            form = _with_saved_answers(form, scan_rows(scan, kind=kind_code), conflicts)
    return render(
        request,
        "scans/rate.html",
        {
            "scan": scan,
            "form": form,
            "entries": form.entries(),
            "errors": form.error_summary(),
            "kind": kind,
            "kind_label": kind_label,
            "role": role,
            "points": points,
            "show_learner_rating": role != RaterRole.LEARNER,
            "kinds": [(key, label) for key, (_, label) in KINDS.items()],
        },
    )


def _with_saved_answers(form: RatingsForm, rows, conflicts: list[int]) -> RatingsForm:
    """The page again with everything typed, except where someone else saved first: their answer, explained."""
    typed = {a.ksb_id: a.value for a in form.answers()}
    data = form.data.copy()
    for row in rows:
        saved = row.ratings.get(form.role)
        if row.ksb.pk in conflicts and saved:
            data[f"rating-{row.ksb.pk}"] = str(saved.value)
            data[f"comment-{row.ksb.pk}"] = saved.comment
            data[f"revision-{row.ksb.pk}"] = str(saved.revision)
    again = RatingsForm(data, rows=rows, points=form.points, role=form.role)
    again.is_valid()
    for row in rows:
        if row.ksb.pk in conflicts:
            again.add_error(
                f"rating-{row.ksb.pk}",
                f"Someone else changed the rating for {row.ksb.code} after you opened this page "
                f"(you chose {typed[row.ksb.pk]}). Check the saved answer shown and save again "
                "if you still want to change it.",
            )
    return again


def _after_rating(request, form: RatingsForm, scan, kind: str, kind_label: str):
    """Where the button pressed leads, once the ratings are saved."""
    action = form.pressed()
    if action == "later":
        messages.success(request, f"Your {kind_label.lower()} ratings are saved. You can come back later.")
        return redirect(scan.get_absolute_url())
    prior = {f"prior-{row.ksb.pk}": row.ksb.pk for row in form.rows}
    if action in prior:
        return redirect(reverse("scan-prior-learning", args=[scan.pk, prior[action]]))
    following = action.removeprefix("go-") if action.startswith("go-") else NEXT_KIND[kind]
    if following in KINDS:
        return redirect(reverse("scan-rate", args=[scan.pk, following]))
    return redirect(reverse("scan-check", args=[scan.pk]))


@require_http_methods(["GET", "POST"])
@login_required
def scan_check(request, scan_id: int):
    """Check your answers, then submit. Any unrated KSB is listed in the error summary with a link to it."""
    scan = scan_for_user(request.user, scan_id)
    role = rater_role_for(request.user, scan.enrolment)
    if role is None or scan.status != RATING_STAGE[role]:
        raise PermissionDenied("You cannot submit ratings on this skills scan now.")
    rows = scan_rows(scan)
    errors = []
    if request.method == "POST":
        try:
            submit_ratings(scan=scan, actor=request.user)
        except ValidationError:
            first_value = scan.scale.points.first().value
            errors = [
                {
                    "text": f"Rate {row.ksb.code}",
                    "href": reverse("scan-rate", args=[scan.pk, row.ksb.kind.lower()])
                    + f"#rating-{row.ksb.pk}-{first_value}",
                }
                for row in rows
                if row.value(role) is None
            ]
        else:
            messages.success(request, "Your ratings are submitted.")
            return redirect(scan.get_absolute_url())
    groups = [(label, [r for r in rows if r.ksb.kind == code]) for key, (code, label) in KINDS.items()]
    return render(
        request,
        "scans/check.html",
        {
            "scan": scan,
            "groups": groups,
            "role": role,
            "errors": errors,
            "points": {p.value: p for p in scan.scale.points.all()},
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def scan_decide(request, scan_id: int):
    """The provider's decision per KSB, with the three ratings side by side and disagreements highlighted."""
    scan = scan_for_user(request.user, scan_id)
    if not may_decide(request.user, scan.enrolment) or scan.status != ScanStatus.DECIDING:
        raise PermissionDenied("You cannot decide prior learning on this skills scan now.")
    rows = scan_rows(scan)
    form = DecisionsForm(posted(request), rows=rows)
    if request.method == "POST" and form.is_valid():
        for ksb, outcome, rationale, share in form.decisions():
            try:
                record_decision(scan=scan, actor=request.user, ksb_id=ksb.pk, outcome=outcome,
                                rationale=rationale, share_percent=share)  # fmt: skip
            except ValidationError as error:
                form.add_decision_error(ksb, error)
        if not form.errors and form.pressed() == "finish":
            try:
                finish_decisions(scan=scan, actor=request.user)
            except ValidationError as error:
                codes = {row.ksb.code: row.ksb.pk for row in rows}
                for message in error.messages:
                    pk = codes.get(message.rsplit(" ", 1)[-1])
                    form.add_error(f"outcome-{pk}" if pk else None, message)
            else:
                messages.success(
                    request, "Decisions recorded. The apprentice, employer and provider can now sign."
                )
                return redirect(scan.get_absolute_url())
        elif not form.errors:
            messages.success(request, "Decisions saved.")
            return redirect(reverse("scan-decide", args=[scan.pk]))
    return render(
        request,
        "scans/decide.html",
        {
            "scan": scan,
            "entries": form.entries(),
            "errors": form.error_summary(),
            "outcomes": DecisionOutcome.choices,
            "points": {p.value: p for p in scan.scale.points.all()},
            "related": related_learning(scan.enrolment),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def scan_sign(request, scan_id: int):
    scan = scan_for_user(request.user, scan_id)
    role = signatory_role_for(request.user, scan.enrolment)
    if role is None or scan.status != ScanStatus.SIGNING:
        raise PermissionDenied("You cannot sign this skills scan now.")
    form = ConfirmForm(
        posted(request), message="Confirm that you have read the skills scan and agree with it"
    )
    if request.method == "POST" and form.is_valid():
        try:
            sign_scan(scan=scan, actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if scan_is_locked(scan):  # the PDF is made now, ready before anyone asks for it
                render_pdf.enqueue("skills-scan", scan.pk)
            messages.success(
                request, f"You have signed the skills scan for the {SignatoryRole(role).label.lower()}."
            )
            return redirect(scan.get_absolute_url())
    return render(
        request,
        "scans/sign.html",
        {
            "scan": scan,
            "role_label": SignatoryRole(role).label,
            "form": form,
            "errors": form.error_summary(),
            "content_hash": scan_content_hash(scan),
        },
    )


@require_POST
@login_required
def scan_correct(request, scan_id: int):
    scan = scan_for_user(request.user, scan_id)
    form = ReasonForm(posted(request), required_message="Enter the reason for the correction")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        corrected = correct_scan(scan=scan, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(scan.get_absolute_url())
    messages.success(request, f"Version {corrected.version} started. The locked version is kept as it was.")
    return redirect(corrected.get_absolute_url())


def enrolment_scan_context(user, enrolment) -> dict:
    scans = list(enrolment.skills_scans.order_by("-started_at"))
    settled = all(s.status in (ScanStatus.LOCKED, ScanStatus.SUPERSEDED) for s in scans)
    has_baseline = any(s.kind == ScanKind.BASELINE and s.status == ScanStatus.LOCKED for s in scans)
    return {
        "scans": scans,
        "can_start_scan": may_start_scan(user, enrolment) and not scans,
        "can_start_rescan": has_baseline
        and settled
        and (rater_role_for(user, enrolment) is not None or may_start_scan(user, enrolment)),
        "plans": list(enrolment.training_plans.order_by("-version")),
        "scales": list(scales_for_provider(enrolment.provider_id)),
    }


@require_http_methods(["GET", "POST"])
@login_required
def scan_prior_learning(request, scan_id: int, ksb_id: int):
    """The learner's prior learning for one KSB: experience and a qualification."""
    scan = scan_for_user(request.user, scan_id)
    if (
        rater_role_for(request.user, scan.enrolment) != RaterRole.LEARNER
        or scan.status != ScanStatus.LEARNER_RATING
    ):
        raise PermissionDenied("Only the learner adds prior learning, before submitting their ratings.")
    ksb = next((k for k in scan_ksbs(scan) if k.pk == ksb_id), None)
    if ksb is None:
        raise Http404("No such KSB in this skills scan.")
    existing = scan.prior_learning.filter(ksb=ksb).prefetch_related("qualifications", "files").first()
    initial = {}
    if existing:
        initial["experience"] = existing.experience
        first = existing.qualifications.first()
        if first:
            initial.update(
                qualification_title=first.title, qualification_level=first.level,
                awarding_body=first.awarding_body, date_awarded=first.date_awarded,
            )  # fmt: skip
    form = PriorLearningForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        qualifications = []
        if data["qualification_title"]:
            qualifications.append(
                {"title": data["qualification_title"], "level": data["qualification_level"],
                 "awarding_body": data["awarding_body"], "date_awarded": data["date_awarded"]}
            )  # fmt: skip
        save_prior_learning(
            scan=scan,
            actor=request.user,
            ksb_id=ksb.pk,
            experience=data["experience"],
            qualifications=qualifications,
        )
        messages.success(request, f"Prior learning for {ksb.code} saved.")
        return redirect(reverse("scan-rate", args=[scan.pk, ksb.kind.lower()]) + f"#ksb-{ksb.pk}")
    files = list(existing.files.all()) if existing else []
    return render(
        request,
        "scans/prior_learning.html",
        {"form": form, "scan": scan, "ksb": ksb, "files": files, "max_size": uploads.size_label(uploads.max_upload_bytes()),
         "allowed": uploads.allowed_types_sentence()},
    )  # fmt: skip


@require_http_methods(["GET"])
@login_required
def scan_pdf(request, scan_id: int):
    """The skills scan as an auditor would ask for it: three ratings, decisions, rationale and signatures."""
    return pdf_download(request, scan_document(scan_for_user(request.user, scan_id)))


@require_POST
@login_required
def prior_learning_file_add(request, scan_id: int, ksb_id: int):
    scan = scan_for_user(request.user, scan_id)
    back = reverse("scan-prior-learning", args=[scan.pk, ksb_id])
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Select a file to upload")
        return redirect(back + "#file")
    try:
        add_prior_learning_file(scan=scan, actor=request.user, ksb_id=ksb_id, upload=upload)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{upload.name} uploaded.")
    return redirect(back + "#files")


@require_POST
@login_required
def prior_learning_file_remove(request, scan_id: int, file_id: int):
    attached = prior_learning_file_for_user(request.user, scan_id, file_id)
    ksb_id = attached.prior_learning.ksb_id
    remove_prior_learning_file(attached=attached, actor=request.user)
    messages.success(request, f"{attached.original_name} removed.")
    return redirect(reverse("scan-prior-learning", args=[scan_id, ksb_id]) + "#files")


@require_http_methods(["GET"])
@login_required
def prior_learning_file_download(request, scan_id: int, file_id: int):
    attached = prior_learning_file_for_user(request.user, scan_id, file_id)
    return stored_file_response(
        stored_name=attached.stored_name, folder=PRIOR_LEARNING_FOLDER, name=attached.original_name,
        content_type=attached.content_type,
    )
