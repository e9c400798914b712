import datetime

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ksbtracker.people import second_factor
from ksbtracker.people.access import enrolments_visible_to, roles_of
from ksbtracker.people.models import Role
from ksbtracker.progress.needs import needs_for
from ksbtracker.web.forms import SignInForm

from .enrolments import listed_enrolments
from .second_factor import start_second_step
from .transfer import about_context

HOME_LIST_SIZE = 10
URGENT_TASKS = 5


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """The password is right: sign in, or first ask for a code where one is needed or set up."""
        user = form.get_user()
        if second_factor.is_required(user) or second_factor.has_second_factor(user):
            return start_second_step(self.request, user, self.get_redirect_url())
        return super().form_valid(form)


@require_GET
@login_required
def home(request):
    """Each person's starting page: the apprenticeships they can see, by their role."""
    roles = roles_of(request.user)
    visible = enrolments_visible_to(request.user)
    own = list(listed_enrolments(visible.filter(learner=request.user))) if Role.LEARNER in roles else []
    others = listed_enrolments(visible.exclude(learner=request.user))
    shown = list(others[:HOME_LIST_SIZE])
    groups = needs_for(request.user)
    urgent = sorted(
        (task for group in groups for task in group.tasks),
        key=lambda t: (not t.overdue, t.due or datetime.date.max),
    )[:URGENT_TASKS]
    return render(
        request,
        "web/home.html",
        {
            "own_enrolments": own,
            "other_enrolments": shown,
            "other_count": others.count(),
            "is_staff_role": bool(roles - {Role.LEARNER}) or request.user.is_superuser,
            "tasks": urgent,
            "need_groups": groups,
        },
    )


def about(request):
    return render(request, "web/about.html", about_context())
