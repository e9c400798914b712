"""Rating scales: the default, and a provider's own for its programmes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ksbtracker.people.access import provider_administered_by
from ksbtracker.scans.selectors import scales_for_provider
from ksbtracker.scans.services import create_rating_scale

MAX_POINTS = 7


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
    errors, name, points = [], "", [("", "")] * MAX_POINTS
    if request.method == "POST":
        name = request.POST.get("name", "")[:120]
        points = [
            (request.POST.get(f"label-{i}", "")[:60], request.POST.get(f"descriptor-{i}", "")[:300])
            for i in range(MAX_POINTS)
        ]
        try:
            create_rating_scale(provider=provider, name=name, points=points, actor=request.user)
        except ValidationError as error:
            anchors = {"name": "#name", "points": "#label-0"}
            errors = [{"text": m, "href": anchors[k]} for k, ms in error.message_dict.items() for m in ms]
        else:
            messages.success(request, f"Rating scale “{name.strip()}” added.")
            return redirect("rating-scales")
    return render(
        request,
        "scales/add.html",
        {"errors": errors, "name": name, "points": list(enumerate(points)), "max_points": MAX_POINTS},
    )
