import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ksbtracker.standards.exporter import export_standard_document
from ksbtracker.standards.importer import import_standard_document
from ksbtracker.standards.selectors import (
    framework_by_slug,
    ksb_by_code,
    ksbs_by_kind,
    search_frameworks,
    search_standards,
    standard_version_by_reference,
)
from ksbtracker.web.downloads import attachment_disposition
from ksbtracker.web.forms import StandardUploadForm


@require_GET
@login_required
def framework_list(request):
    query = request.GET.get("q", "")[:200].replace("\x00", "")  # PostgreSQL refuses a NUL
    return render(
        request,
        "standards/list.html",
        {
            "query": query,
            "standards": search_standards(query=query),
            "frameworks": search_frameworks(query=query),
        },
    )


@require_GET
@login_required
def standard_version_detail(request, reference: str, version: str):
    standard = standard_version_by_reference(reference_number=reference, version=version)
    others = [
        v
        for s in search_standards(query=standard.reference_number)
        for v in s.versions
        if v.pk != standard.pk
    ]
    return render(
        request,
        "standards/version.html",
        {"standard": standard, "ksb_groups": ksbs_by_kind(standard), "other_versions": others},
    )


@require_GET
@login_required
def ksb_detail(request, reference: str, version: str, code: str):
    standard = standard_version_by_reference(reference_number=reference, version=version)
    ksb = ksb_by_code(standard_version=standard, code=code)
    return render(request, "standards/ksb.html", {"standard": standard, "ksb": ksb})


@require_GET
@login_required
def standard_version_export(request, reference: str, version: str):
    standard = standard_version_by_reference(reference_number=reference, version=version)
    response = JsonResponse(export_standard_document(standard), json_dumps_params={"indent": 2})
    filename = f"{standard.reference_number}-v{standard.version}.json"
    response["Content-Disposition"] = attachment_disposition(filename)
    return response


@require_GET
@login_required
def framework_detail(request, slug: str):
    framework, criteria = framework_by_slug(slug=slug)
    return render(request, "standards/framework.html", {"framework": framework, "criteria": criteria})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("standards.import_standard", raise_exception=True)
def standard_import(request):
    """Upload one standards API JSON file; the result page reports exactly what happened."""
    outcome = None
    form = StandardUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        document = _read_upload(form, upload)
        if document is not None:
            outcome = import_standard_document(document=document, source=upload.name, actor=request.user)
            if outcome.status == "failed":
                for message in outcome.messages:
                    form.add_error("file", message)
                outcome = None
            else:
                messages.success(request, _summary(outcome))
                return redirect(outcome.standard.get_absolute_url() + "?imported=1")
    return render(request, "standards/import.html", {"form": form, "outcome": outcome})


def _read_upload(form, upload):
    if upload.size > settings.STANDARD_UPLOAD_MAX_BYTES:
        form.add_error("file", "The selected file must be smaller than 2 MB")
        return None
    try:
        document = json.loads(upload.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        form.add_error("file", "The selected file must be a JSON text file (UTF-8)")
        return None
    except json.JSONDecodeError as error:
        form.add_error("file", f"The selected file is not valid JSON: {error.msg} at line {error.lineno}")
        return None
    return document


def _summary(outcome) -> str:
    standard = outcome.standard
    verb = {"imported": "Imported", "unchanged": "Already up to date:"}.get(outcome.status, outcome.status)
    text = f"{verb} {standard.reference_number} {standard.title} version {standard.version}"
    notes = [m for m in outcome.messages]
    return text + (". " + " ".join(notes) if notes else "")
