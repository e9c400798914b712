"""Error pages: GOV.UK wording for people, JSON with a message for the API."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .api import api_error


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        from ksbtracker.web.request_limits import refuse_too_large

        return refuse_too_large(request)
    if _wants_json(request):
        return api_error(400, "The request could not be understood.")
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return api_error(403, "You do not have permission to do that.")
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if _wants_json(request):
        return api_error(404, "Not found.")
    return render(request, "errors/404.html", status=404)


def server_error(request):
    """Shown when anything fails, the database included: so it reads nothing from it. The template gets
    the request (for the page's script nonce) but no context processors and no signed-in user."""
    if _wants_json(request):
        return api_error(500, "Sorry, there is a problem with the service. Try again later.")
    return HttpResponseServerError(loader.get_template("errors/500.html").render({"request": request}))


def csrf_failure(request, reason=""):
    if _wants_json(request):
        return api_error(
            403, "The form expired or was sent from another site. Reload the page and try again."
        )
    return render(request, "errors/csrf.html", status=403)
