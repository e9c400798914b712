"""The provider's programme template: modules of training, each covering some KSBs of a standard version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ksbtracker.people.access import provider_administered_by
from ksbtracker.people.models import Enrolment
from ksbtracker.plans.models import ProgrammeModule
from ksbtracker.plans.services import create_programme_module
from ksbtracker.standards.models import StandardVersion


def _standards_taught(provider):
    """Standard versions the provider has apprentices on (the versions its programme needs modules for)."""
    ids = Enrolment.objects.filter(provider=provider).values_list("standard_version_id", flat=True)
    return StandardVersion.objects.filter(pk__in=ids).order_by("reference_number", "version")


@require_http_methods(["GET"])
@login_required
def module_list(request):
    provider = provider_administered_by(request.user)
    modules = (
        ProgrammeModule.objects.filter(provider=provider)
        .select_related("standard_version")
        .prefetch_related("ksbs")
        .order_by("standard_version__reference_number", "standard_version__version", "title")
    )
    return render(request, "modules/list.html", {"provider": provider, "modules": modules,
                                                 "standards": _standards_taught(provider)})  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def module_add(request, standard_id: int):
    provider = provider_administered_by(request.user)
    standard = _standards_taught(provider).filter(pk=standard_id).first()
    if standard is None:
        return redirect("programme-modules")
    ksbs = sorted(standard.ksbs.all(), key=lambda k: ("KSB".index(k.kind), k.number))
    errors, values = [], {"title": "", "description": "", "ksbs": []}
    if request.method == "POST":
        values = {
            "title": request.POST.get("title", "")[:200],
            "description": request.POST.get("description", "")[:4000],
            "ksbs": [int(v) for v in request.POST.getlist("ksbs") if v.isdigit()],
        }
        try:
            create_programme_module(provider=provider, standard_version=standard, actor=request.user,
                                    title=values["title"], description=values["description"], ksb_ids=values["ksbs"])  # fmt: skip
        except ValidationError as error:
            anchors = {"title": "#title", "ksbs": f"#ksb-{ksbs[0].pk}" if ksbs else "#ksbs"}
            errors = [
                {"text": m, "href": anchors.get(k, "#"), "field": k}
                for k, ms in error.message_dict.items()
                for m in ms
            ]
        else:
            messages.success(request, f"Module “{values['title'].strip()}” added.")
            return redirect("programme-modules")
    return render(
        request,
        "modules/add.html",
        {"standard": standard, "ksbs": ksbs, "errors": errors, "values": values,
         "field_errors": {e["field"]: e["text"] for e in errors}},
    )  # fmt: skip
