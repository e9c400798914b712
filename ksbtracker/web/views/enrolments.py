from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ksbtracker.lifecycle.selectors import is_read_only, timeline
from ksbtracker.people.access import (
    enrolment_for_user,
    enrolments_visible_to,
    organisation_ids_for_role,
    provider_administered_by,
)
from ksbtracker.people.models import Role
from ksbtracker.people.services import enrol_apprentice
from ksbtracker.web.enrolment_forms import EnrolmentForm
from ksbtracker.web.pagination import paginate

from .lifecycle import change_links
from .scans import enrolment_scan_context

TIMELINE_PAGE_SIZE = 20

ENROLMENT_RELATED = (
    "learner",
    "standard_version",
    "employer",
    "provider",
    "epao",
    "assessor",
    "line_manager",
)


def listed_enrolments(enrolments):
    """Enrolments for a list: the people and organisations named on each row, without the standard's JSON."""
    return (
        enrolments.select_related("learner", "standard_version", "employer", "assessor")
        .only(
            "pk", "status", "start_date", "planned_end_date", "learner_id", "learner__full_name",
            "standard_version__reference_number", "standard_version__version", "standard_version__title",
            "standard_version__level", "employer__name", "assessor__full_name",
        )  # fmt: skip
        .order_by("learner__full_name", "id")
    )


@require_GET
@login_required
def enrolment_list(request):
    enrolments = enrolments_visible_to(request.user)
    search = request.GET.get("name", "").strip()[:100]
    if search:
        enrolments = enrolments.filter(learner__full_name__icontains=search)
    page = paginate(request, listed_enrolments(enrolments))
    can_enrol = bool(organisation_ids_for_role(request.user, Role.PROVIDER_ADMIN))
    return render(
        request,
        "enrolments/list.html",
        {"enrolments": page.object_list, "page": page, "can_enrol": can_enrol, "search": search},
    )


@require_GET
@login_required
def enrolment_detail(request, enrolment_id: int):
    enrolment = enrolment_for_user(
        request.user,
        enrolment_id,
        queryset=enrolments_visible_to(request.user)
        .select_related(*ENROLMENT_RELATED, "funding_rule_set")
        .annotate(ksb_count=Count("standard_version__ksbs")),
    )
    return render(
        request,
        "enrolments/detail.html",
        {
            "enrolment": enrolment,
            "can_change": request.user.has_perm("people.change_enrolment", enrolment),
            "read_only": is_read_only(enrolment),
            "changes": change_links(request.user, enrolment),
            "page": Paginator(timeline(enrolment), TIMELINE_PAGE_SIZE).get_page(request.GET.get("page")),
            **enrolment_scan_context(request.user, enrolment),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def enrolment_add(request):
    """A provider admin enrols an apprentice; a new apprentice gets an email to choose their password."""
    provider = provider_administered_by(request.user)
    form = EnrolmentForm(request.POST or None, provider=provider)
    if request.method == "POST" and not form.searching() and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.endswith("_search")}
        try:
            enrolment = enrol_apprentice(provider=provider, actor=request.user, **data)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request, f"{enrolment.learner.full_name} is enrolled. They have been emailed how to sign in."
            )
            return redirect(enrolment.get_absolute_url())
    return render(request, "enrolments/add.html", {"form": form, "provider": provider})
