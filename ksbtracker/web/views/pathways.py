"""Crosswalk pages: a provider admin checks the suggested mapping between two standard versions and confirms it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ksbtracker.pathways.crosswalk import confirm_crosswalk, suggest
from ksbtracker.pathways.models import CrosswalkLink
from ksbtracker.standards.models import StandardVersion
from ksbtracker.web.pathway_forms import CrosswalkChoiceForm, CrosswalkForm


@require_GET
@login_required
@permission_required("pathways.change_crosswalklink", raise_exception=True)
def crosswalk_list(request):
    form = CrosswalkChoiceForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("crosswalk", form.cleaned_data["from_version"].pk, form.cleaned_data["to_version"].pk)
    pairs = (
        CrosswalkLink.objects.values(
            "from_ksb__standard_version", "from_ksb__standard_version__reference_number",
            "from_ksb__standard_version__version", "to_version", "to_version__reference_number",
            "to_version__version",
        ).annotate(links=Count("id")).order_by("from_ksb__standard_version__reference_number")
    )  # fmt: skip
    return render(request, "pathways/list.html", {"form": form, "pairs": pairs[:100]})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("pathways.change_crosswalklink", raise_exception=True)
def crosswalk(request, from_id: int, to_id: int):
    from_version = get_object_or_404(StandardVersion, pk=from_id)
    to_version = get_object_or_404(StandardVersion, pk=to_id)
    form = CrosswalkForm(
        request.POST or None, suggestions=suggest(from_version, to_version), to_version=to_version
    )
    if request.method == "POST" and form.is_valid():
        kept = confirm_crosswalk(actor=request.user, from_version=from_version, to_version=to_version,
                                 choices=form.choices())  # fmt: skip
        messages.success(request, f"Crosswalk confirmed: {kept} links kept. They are used for every learner.")
        return redirect("crosswalk", from_version.pk, to_version.pk)
    return render(
        request,
        "pathways/crosswalk.html",
        {"form": form, "from_version": from_version, "to_version": to_version},
    )
