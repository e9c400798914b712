"""A small JSON API over the same access rules as the pages. Errors are JSON with a message."""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from ksbtracker.people.access import enrolment_for_user, enrolments_visible_to
from ksbtracker.standards.exporter import export_standard_document
from ksbtracker.standards.selectors import search_standards, standard_version_by_reference


def api_error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": {"status": status, "message": message, **extra}}, status=status)


def json_api(view):
    """Session-authenticated JSON endpoint: domain errors become JSON responses, never HTML or a 500."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return api_error(401, "Sign in to use the API.")
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return api_error(404, str(error) or "Not found.")
        except PermissionDenied as error:
            return api_error(403, str(error) or "You do not have permission to do that.")
        except ValidationError as error:
            return api_error(400, "; ".join(error.messages))

    return wrapper


def _enrolment_json(enrolment) -> dict:
    sv = enrolment.standard_version
    return {
        "id": enrolment.pk,
        "learner": {"name": enrolment.learner.full_name, "email": enrolment.learner.email},
        "standard": {"reference": sv.reference_number, "version": sv.version, "title": sv.title},
        "employer": enrolment.employer.name,
        "provider": enrolment.provider.name,
        "assessor": enrolment.assessor.full_name if enrolment.assessor else None,
        "line_manager": enrolment.line_manager.full_name if enrolment.line_manager else None,
        "start_date": enrolment.start_date.isoformat(),
        "planned_end_date": enrolment.planned_end_date.isoformat(),
        "weekly_hours": str(enrolment.weekly_hours),
        "agreed_price": str(enrolment.agreed_price),
        "funding_rule_set": enrolment.funding_rule_set.name,
        "status": enrolment.status,
    }


RELATED = (
    "learner",
    "standard_version",
    "employer",
    "provider",
    "assessor",
    "line_manager",
    "funding_rule_set",
)


@require_GET
@json_api
def enrolments(request):
    rows = enrolments_visible_to(request.user).select_related(*RELATED).order_by("id")
    return JsonResponse({"enrolments": [_enrolment_json(e) for e in rows]})


@require_GET
@json_api
def enrolment(request, enrolment_id: int):
    queryset = enrolments_visible_to(request.user).select_related(*RELATED)
    return JsonResponse(_enrolment_json(enrolment_for_user(request.user, enrolment_id, queryset=queryset)))


@require_GET
@json_api
def standards(request):
    summaries = search_standards(query=request.GET.get("q", "")[:200])
    return JsonResponse(
        {
            "standards": [
                {
                    "reference": s.reference_number,
                    "title": s.title,
                    "level": s.level,
                    "versions": [v.version for v in s.versions],
                }
                for s in summaries
            ]
        }
    )


@require_GET
@json_api
def standard_version(request, reference: str, version: str):
    return JsonResponse(
        export_standard_document(standard_version_by_reference(reference_number=reference, version=version))
    )


def not_found(request, path=""):
    return api_error(404, "No such API endpoint.")
