"""Pages where a provider admin records a change to an apprenticeship: one page per kind of change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ksbtracker.lifecycle import services
from ksbtracker.pathways.version_move import move_to_version
from ksbtracker.people.access import enrolment_for_user
from ksbtracker.people.models import Enrolment
from ksbtracker.web import lifecycle_forms as forms

# slug: (page title, form, service, message on success)
CHANGES = {
    "people": ("Change assessor or line manager", forms.PeopleChangeForm, services.change_people, "Change recorded."),
    "employer": ("Change employer", forms.EmployerChangeForm, services.change_employer, "New employer recorded."),
    "hours": ("Change contracted hours", forms.HoursChangeForm, services.change_hours, "New contracted hours recorded."),
    "break": ("Record a break in learning", forms.BreakForm, services.start_break, "Break in learning recorded."),
    "return": ("Record a return from a break in learning", forms.ReturnForm, services.record_return,
               "Return recorded. The planned end date has moved on by the length of the break."),
    "version": ("Move to a new version of the standard", forms.VersionMoveForm, move_to_version,
                "Moved to the new version. This is the apprentice's record on it."),
    "gateway": ("Record gateway", forms.GatewayForm, services.record_gateway, "Gateway recorded."),
    "complete": ("Record completion", forms.CompletionForm, services.record_completion, "Completion recorded."),
    "withdraw": ("Record a withdrawal", forms.WithdrawalForm, services.withdraw, "Withdrawal recorded."),
}  # fmt: skip


def change_links(user, enrolment) -> list[tuple[str, str]]:
    """(slug, title) of each change ``user`` may record on ``enrolment`` now."""
    return [(slug, CHANGES[slug][0]) for slug in services.available_changes(user, enrolment)]


@require_http_methods(["GET", "POST"])
@login_required
def enrolment_change(request, enrolment_id: int, kind: str):
    enrolment = enrolment_for_user(request.user, enrolment_id)
    if kind not in CHANGES:
        raise Http404("No such change.")
    if not services.may_record_changes(request.user, enrolment):
        raise PermissionDenied("Only the provider's admins record changes to an open apprenticeship.")
    if kind not in services.available_changes(request.user, enrolment):
        raise Http404(
            f"This cannot be recorded while the apprentice is {enrolment.get_status_display().lower()}."
        )
    title, form_class, service, success = CHANGES[kind]
    form = form_class(request.POST or None, enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            result = service(enrolment=enrolment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            target = result if isinstance(result, Enrolment) else enrolment
            return redirect(target.get_absolute_url() + "#timeline")
    return render(
        request,
        "enrolments/change.html",
        {"form": form, "enrolment": enrolment, "title": title, "kind": kind},
    )
