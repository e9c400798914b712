"""Evidence portfolio pages: list, add and change an item, files, submit, assess."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ksbtracker.evidence.access import (
    attachment_for_user,
    evidence_item_for_user,
    may_add_evidence,
    may_assess_evidence,
    may_edit_evidence,
)
from ksbtracker.evidence.files import FOLDER as EVIDENCE_FOLDER
from ksbtracker.evidence.models import EvidenceStatus, hours_label
from ksbtracker.evidence.selectors import (
    assessable_frameworks,
    enrolment_duties,
    enrolment_ksbs,
    item_rounds,
    portfolio_listing,
    portfolio_totals,
    with_mapping,
)
from ksbtracker.evidence.services import (
    add_attachment,
    assess_item,
    create_item,
    remove_attachment,
    submit_item,
    update_item,
)
from ksbtracker.people.access import enrolment_for_user
from ksbtracker.personal_data import PersonalDataFound
from ksbtracker.web.downloads import stored_file_response
from ksbtracker.web.evidence_forms import AssessmentForm, AttachmentForm, EvidenceItemForm
from ksbtracker.web.pagination import paginate


@require_GET
@login_required
def evidence_list(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    ksb = _ksb_asked_for(request, enrolment)
    page = paginate(request, portfolio_listing(enrolment, ksb_id=ksb.pk if ksb else None))
    totals = portfolio_totals(enrolment)
    return render(
        request,
        "evidence/list.html",
        {
            "enrolment": enrolment,
            "items": page.object_list,
            "page": page,
            "item_count": totals["items"],
            "ksb": ksb,
            "can_add": may_add_evidence(request.user, enrolment),
            "otj_hours": hours_label(totals["otj_total"]),
            "otj_accepted_hours": hours_label(totals["otj_accepted"]),
        },
    )


def _ksb_asked_for(request, enrolment):
    """The KSB of the enrolment's standard in ``?ksb=``, if any (the dashboard's tiles link here)."""
    value = request.GET.get("ksb", "")
    if not value.isdigit():
        return None
    return next((k for k in enrolment_ksbs(enrolment) if k.pk == int(value)), None)


def _item_form(request, enrolment, **kwargs) -> EvidenceItemForm:
    return EvidenceItemForm(
        request.POST if request.method == "POST" else None,
        ksbs=enrolment_ksbs(enrolment), duties=enrolment_duties(enrolment), frameworks=assessable_frameworks(),
        **kwargs,
    )  # fmt: skip


def _save_item(request, form: EvidenceItemForm, save):
    """Validate, call the service; on personal data or a domain error, show it on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(details=form.details(), confirmed_personal_data=form.confirmed_texts())
    except PersonalDataFound as found:
        form.show_findings(found.findings)
    except ValidationError as error:
        form.add_service_error(error)
    return None


@require_http_methods(["GET", "POST"])
@login_required
def evidence_add(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    if not may_add_evidence(request.user, enrolment):
        raise PermissionDenied("Only the apprentice adds evidence to their portfolio.")
    form = _item_form(request, enrolment)
    item = _save_item(request, form, lambda **kw: create_item(enrolment=enrolment, actor=request.user, **kw))
    if item is not None:
        messages.success(request, "Evidence saved as a draft. Add any files, then submit it for assessment.")
        return redirect(item.get_absolute_url())
    return render(request, "evidence/item_form.html", {"form": form, "enrolment": enrolment, "item": None})


@require_http_methods(["GET", "POST"])
@login_required
def evidence_change(request, item_id: int):
    item = evidence_item_for_user(request.user, item_id)
    if not may_edit_evidence(request.user, item):
        raise PermissionDenied(
            "Only the apprentice changes their evidence, while it is a draft or sent back."
        )
    form = _item_form(request, item.enrolment, initial=EvidenceItemForm.initial_for(item))
    saved = _save_item(request, form, lambda **kw: update_item(item=item, actor=request.user, **kw))
    if saved is not None:
        messages.success(request, "Your changes are saved.")
        return redirect(saved.get_absolute_url())
    return render(
        request, "evidence/item_form.html", {"form": form, "enrolment": item.enrolment, "item": item}
    )


@require_GET
@login_required
def evidence_detail(request, item_id: int):
    item = with_mapping(evidence_item_for_user(request.user, item_id))
    rounds = item_rounds(item)
    return render(
        request,
        "evidence/detail.html",
        {
            "item": item,
            "enrolment": item.enrolment,
            "rounds": list(reversed(rounds)),
            "attachments": list(item.attachments.all()),
            "confirmations": list(item.personal_data_confirmations.select_related("confirmed_by")),
            "can_edit": may_edit_evidence(request.user, item),
            "can_assess": item.status == EvidenceStatus.SUBMITTED
            and may_assess_evidence(request.user, item.enrolment),
            "removable": _removable_attachment_ids(item, rounds),
        },
    )


def _removable_attachment_ids(item, rounds) -> set[int]:
    submitted = {a["id"] for r in rounds for a in r.submitted_content.get("attachments", [])}
    return {a.pk for a in item.attachments.all() if a.pk not in submitted}


@require_http_methods(["GET", "POST"])
@login_required
def attachment_add(request, item_id: int):
    item = evidence_item_for_user(request.user, item_id)
    if not may_edit_evidence(request.user, item):
        raise PermissionDenied(
            "Files are added by the apprentice, while the evidence is a draft or sent back."
        )
    posted = request.method == "POST"
    form = AttachmentForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = add_attachment(
                item=item, actor=request.user, upload=form.cleaned_data["file"],
                confirmed_personal_data=form.confirmed_texts(),
            )  # fmt: skip
        except PersonalDataFound as found:
            form.show_findings(found.findings)
        except ValidationError as error:
            form.add_error("file" if hasattr(error, "error_dict") else None, error.messages)
        else:
            messages.success(request, f"‘{attachment.original_name}’ is uploaded.")
            return redirect(item.get_absolute_url())
    return render(
        request, "evidence/attachment_form.html", {"form": form, "item": item, "enrolment": item.enrolment}
    )


@require_GET
@login_required
def attachment_download(request, item_id: int, attachment_id: int):
    """The file, only through the item's access check, as a download that no browser will render."""
    attachment = attachment_for_user(request.user, item_id, attachment_id)
    return stored_file_response(
        stored_name=attachment.stored_name, folder=EVIDENCE_FOLDER, name=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
@login_required
def attachment_remove(request, item_id: int, attachment_id: int):
    attachment = attachment_for_user(request.user, item_id, attachment_id)
    try:
        remove_attachment(attachment=attachment, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"‘{attachment.original_name}’ is removed.")
    return redirect(reverse("evidence-detail", args=[item_id]))


@require_http_methods(["GET", "POST"])
@login_required
def evidence_submit(request, item_id: int):
    """Check your answers, then submit for assessment."""
    item = with_mapping(evidence_item_for_user(request.user, item_id))
    if not may_edit_evidence(request.user, item):
        raise PermissionDenied(
            "Only the apprentice submits their evidence, while it is a draft or sent back."
        )
    if request.method == "POST":
        try:
            submit_item(item=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Evidence submitted. Your assessor can now assess it.")
        return redirect(item.get_absolute_url())
    return render(
        request,
        "evidence/submit.html",
        {"item": item, "enrolment": item.enrolment, "attachments": list(item.attachments.all())},
    )


@require_http_methods(["GET", "POST"])
@login_required
def evidence_assess(request, item_id: int):
    item = with_mapping(evidence_item_for_user(request.user, item_id))
    if item.status != EvidenceStatus.SUBMITTED or not may_assess_evidence(request.user, item.enrolment):
        raise PermissionDenied("You cannot assess this evidence now.")
    form = AssessmentForm(request.POST if request.method == "POST" else None, ksbs=item.mapped_ksbs)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_round = assess_item(
                item=item,
                actor=request.user,
                decisions=form.decisions(),
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            outcome = "accepted" if assessment_round.outcome == "accepted" else "sent back to the apprentice"
            messages.success(request, f"Assessment saved: the evidence is {outcome}.")
            return redirect(item.get_absolute_url())
    return render(
        request,
        "evidence/assess.html",
        {
            "form": form,
            "item": item,
            "enrolment": item.enrolment,
            "attachments": list(item.attachments.all()),
        },
    )
