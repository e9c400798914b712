"""Portable learner records: the "Export record" download, the import page and the transferred record."""

from __future__ import annotations

import zipfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ksbtracker import uploads
from ksbtracker.people.access import enrolment_for_user, provider_administered_by
from ksbtracker.scans.access import may_decide
from ksbtracker.transfer import instance_key
from ksbtracker.transfer.export import export_record
from ksbtracker.transfer.importer import FOLDER, RecordRefused, import_record
from ksbtracker.transfer.selectors import record_for_user, signed_off_with_evidence, signed_records
from ksbtracker.transfer.services import offer_prior_learning
from ksbtracker.web.downloads import bytes_file_response
from ksbtracker.web.forms import GDSForm


class RecordImportForm(GDSForm):
    submit_label = "Import record"
    file = forms.FileField(label="Learner record file", help_text="The ZIP file the sending provider exported.",
                           error_messages={"required": "Select the learner record file to import"})  # fmt: skip


@require_GET
@login_required
def enrolment_export(request, enrolment_id: int):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    if not request.user.has_perm("people.change_enrolment", enrolment):
        raise PermissionDenied("Only the provider's admins export an apprentice's record.")
    data = export_record(enrolment, actor=request.user)
    return bytes_file_response(
        data=data, name=f"learner-record-{enrolment.pk}.zip", content_type="application/zip"
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_import(request):
    provider = provider_administered_by(request.user)
    form = RecordImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record, created = import_record(
                form.cleaned_data["file"].read(), provider=provider, actor=request.user
            )
        except RecordRefused as error:
            form.add_error("file", f"The file was refused: {error}")
        else:
            if created:
                messages.success(
                    request,
                    f"{record.enrolment.learner.full_name}'s record is imported from {record.sender_name}.",
                )
            else:
                messages.info(request, "This record was imported before. Nothing has changed.")
            return redirect(record.enrolment.get_absolute_url())
    return render(request, "transfer/import.html", {"form": form, "provider": provider})


@require_GET
@login_required
def transferred_record(request, record_id: int):
    record = record_for_user(request.user, record_id)
    return render(request, "transfer/record.html", {
        "record": record, "enrolment": record.enrolment, "parts": record.parts, "signed": signed_records(record),
        "offered": signed_off_with_evidence(record), "may_offer": may_decide(request.user, record.enrolment),
    })  # fmt: skip


@require_GET
@login_required
def transferred_attachment(request, record_id: int, sha256: str):
    record = record_for_user(request.user, record_id)
    listed = [
        a for item in record.parts.get("evidence", []) for a in item["attachments"] if a["sha256"] == sha256
    ]
    if not listed:
        raise Http404("No file found.")
    try:
        with uploads.open_stored_file(record.stored_name, folder=FOLDER) as stored, zipfile.ZipFile(stored) as archive:
            data = archive.read(listed[0]["part"])
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        raise Http404("No file found.") from None
    return bytes_file_response(data=data, name=listed[0]["name"], content_type=listed[0]["content_type"])


@require_POST
@login_required
def transferred_offer(request, record_id: int):
    record = record_for_user(request.user, record_id)
    if not may_decide(request.user, record.enrolment):
        raise PermissionDenied("Only the provider offers prior learning in the skills scan.")
    try:
        count = offer_prior_learning(
            record=record,
            actor=request.user,
            record_url=request.build_absolute_uri(record.get_absolute_url()),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{count} KSBs signed off at {record.sender_name} are offered as prior learning in the skills scan.",
        )
    return redirect(record.get_absolute_url())


def about_context() -> dict:
    return {
        "instance_public_key": instance_key.public_key_text(),
        "instance_key_fingerprint": instance_key.key_fingerprint(),
    }
