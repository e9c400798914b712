from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ksbtracker.people.access import enrolments_visible_to, roles_of
from ksbtracker.people.models import Role
from ksbtracker.progress.needs import tasks_for
from ksbtracker.web.forms import SignInForm

from .transfer import about_context


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@require_GET
@login_required
def home(request):
    """Each person's starting page: the apprenticeships they can see, by their role."""
    roles = roles_of(request.user)
    enrolments = (
        enrolments_visible_to(request.user)
        .select_related("learner", "standard_version", "employer", "provider", "assessor", "line_manager")
        .order_by("learner__full_name", "id")
    )
    own = [e for e in enrolments if e.learner_id == request.user.pk]
    others = [e for e in enrolments if e.learner_id != request.user.pk]
    return render(
        request,
        "web/home.html",
        {
            "own_enrolments": own,
            "other_enrolments": others,
            "is_staff_role": bool(roles - {Role.LEARNER}) or request.user.is_superuser,
            "tasks": tasks_for(request.user),
        },
    )


def about(request):
    return render(request, "web/about.html", about_context())
