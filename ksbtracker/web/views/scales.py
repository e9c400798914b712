"""Rating scales: the default, and a provider's own for its programmes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ksbtracker.people.access import provider_administered_by
from ksbtracker.scans.selectors import scales_for_provider
from ksbtracker.scans.services import create_rating_scale
from ksbtracker.web.forms import posted
from ksbtracker.web.scan_forms import RatingScaleForm


@require_http_methods(["GET"])
@login_required
def scale_list(request):
    provider = provider_administered_by(request.user)
    return render(
        request, "scales/list.html", {"provider": provider, "scales": scales_for_provider(provider.pk)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def scale_add(request):
    provider = provider_administered_by(request.user)
    form = RatingScaleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        try:
            create_rating_scale(provider=provider, name=name, points=form.points(), actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Rating scale “{name.strip()}” added.")
            return redirect("rating-scales")
    return render(request, "scales/add.html", {
        "form": form, "errors": form.error_summary(), "points": form.entries(), "max_points": form.MAX_POINTS,
    })  # fmt: skip
