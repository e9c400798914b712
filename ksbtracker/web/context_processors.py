from django.urls import reverse

from ksbtracker.people.access import roles_of
from ksbtracker.people.models import Enrolment, Role


def navigation(request):
    """Service navigation by role, and the user's role labels for the account bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    items = [("Home", reverse("home"))]
    if Role.LEARNER in roles:
        own = (
            Enrolment.objects.filter(learner=user)
            .order_by("-start_date")
            .values_list("pk", flat=True)
            .first()
        )
        if own is not None:
            items += [
                ("My dashboard", reverse("enrolment-dashboard", args=[own])),
                ("My evidence", reverse("evidence-list", args=[own])),
                ("My progress", reverse("enrolment-progress", args=[own])),
            ]
    if (
        roles & {Role.ASSESSOR, Role.LINE_MANAGER, Role.PROVIDER_ADMIN, Role.QUALITY_REVIEWER}
        or user.is_superuser
    ):
        items.append(("Apprentices", reverse("enrolments")))
        if roles & {Role.PROVIDER_ADMIN, Role.QUALITY_REVIEWER} or user.is_superuser:
            items.append(("Programme overview", reverse("programme-overview")))
        items.append(("Caseload", reverse("caseload")))
        items.append(("Cohort heatmap", reverse("cohort-heatmap")))
    items.append(("Standards and frameworks", reverse("frameworks")))
    if user.has_perm("funding.use_plan_check"):
        items.append(("Funding check", reverse("plan-check")))
    if user.has_perm("funding.view_returns"):
        items.append(("Figures to return", reverse("funding-returns")))
    if Role.PROVIDER_ADMIN in roles:
        items.append(("Rating scales", reverse("rating-scales")))
        items.append(("Programme modules", reverse("programme-modules")))
        items.append(("Crosswalks", reverse("crosswalks")))
    if roles & {Role.QUALITY_REVIEWER, Role.PROVIDER_ADMIN}:
        items.append(("Quality sampling", reverse("quality")))
    if user.has_perm("audit.view_trail"):
        items.append(("Audit trail", reverse("audit-trail")))
    if user.has_perm("standards.import_standard"):
        items.append(("Import a standard", reverse("standard-import")))
    if user.is_staff:
        items.append(("System admin", reverse("admin:index")))
    path = request.path
    # The section holding the page is the item with the longest matching address ("Standards and frameworks"
    # covers /frameworks/ too); aria-current is "page" only on the page itself.
    sections = {reverse("frameworks"): ("/standards/", "/frameworks/")}
    best = max(
        (href for _, href in items if href != "/" and path.startswith(sections.get(href, (href,)))),
        key=len,
        default="/" if path == "/" else None,
    )
    nav_items = [
        {
            "text": text,
            "href": href,
            "current": href == best,
            "aria_current": "page" if href == path else "true",
        }
        for text, href in items
    ]
    labels = [Role(r).label for r in Role if r in roles]
    if user.is_superuser:
        labels.append("System admin")
    return {"nav_items": nav_items, "role_labels": labels}
