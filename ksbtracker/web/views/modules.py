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
from ksbtracker.web.forms import posted
from ksbtracker.web.progress_forms import ModuleForm


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
    form = ModuleForm(posted(request), ksbs=ksbs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_programme_module(provider=provider, standard_version=standard, actor=request.user,
                                    title=data["title"], description=data["description"], ksb_ids=data["ksbs"])  # fmt: skip
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Module “{data['title'].strip()}” added.")
            return redirect("programme-modules")
    return render(request, "modules/add.html", {
        "standard": standard, "ksbs": ksbs, "form": form, "errors": form.error_summary(),
        "chosen": [str(v) for v in form["ksbs"].value() or []],
    })  # fmt: skip
