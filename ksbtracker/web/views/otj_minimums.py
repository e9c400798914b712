"""Published minimum OTJ hours per standard version: the list, and a provider admin's add and change pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ksbtracker.funding.models import PublishedOTJMinimum
from ksbtracker.funding.otj_minimums import change_published_minimum, record_published_minimum
from ksbtracker.funding.selectors import published_minimums
from ksbtracker.web.otj_minimum_forms import PublishedOTJMinimumForm

PAGE_SIZE = 50


@require_GET
@login_required
@permission_required("funding.use_plan_check", raise_exception=True)
def otj_minimum_list(request):
    page = Paginator(published_minimums(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/otj_minimums.html",
        {"page": page, "can_change": request.user.has_perm("funding.change_publishedotjminimum")},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("funding.change_publishedotjminimum", raise_exception=True)
def otj_minimum_add(request):
    initial = {key: request.GET[key][:20] for key in ("reference_number", "version") if key in request.GET}
    form = PublishedOTJMinimumForm(request.POST if request.method == "POST" else None, initial=initial)
    return _save(request, form, None)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("funding.change_publishedotjminimum", raise_exception=True)
def otj_minimum_change(request, minimum_id: int):
    minimum = get_object_or_404(PublishedOTJMinimum, pk=minimum_id)
    form = PublishedOTJMinimumForm(request.POST if request.method == "POST" else None, instance=minimum)
    return _save(request, form, minimum)


def _save(request, form: PublishedOTJMinimumForm, minimum: PublishedOTJMinimum | None):
    if form.is_bound and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if minimum is None:
                saved = record_published_minimum(actor=request.user, values=values)
            else:
                saved = change_published_minimum(
                    actor=request.user, minimum=PublishedOTJMinimum.objects.get(pk=minimum.pk), values=values
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved: {saved}.")
            return redirect("otj-minimums")
    return render(request, "funding/otj_minimum_form.html", {"form": form, "minimum": minimum})
