"""Every API error is JSON with a message: ``{"error": {"status": 400, "message": "...", "fields": {...}}}``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _flatten(detail) -> dict[str, list[str]] | list[str] | str:
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [str(d) if not isinstance(d, (dict, list)) else _flatten(d) for d in detail]
    return str(detail)


def _first_message(fields) -> str:
    if isinstance(fields, dict):
        for name, value in fields.items():
            text = _first_message(value)
            return text if name in ("non_field_errors", "__all__") else f"{name}: {text}"
    if isinstance(fields, list) and fields:
        return _first_message(fields[0])
    return str(fields)


def api_exception_handler(exc, context):
    if isinstance(exc, ValidationError):  # a domain rule, from a service
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You do not have permission to do that.")
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        body["message"] = _first_message(fields)
        body["fields"] = fields if isinstance(fields, dict) else {"non_field_errors": fields}
    else:
        body["message"] = str(exc.detail) if hasattr(exc, "detail") else str(exc)
    return Response({"error": body}, status=response.status_code, headers=dict(response.items()))


def not_found(request, *args, **kwargs):
    return JsonResponse({"error": {"status": 404, "message": "No such API endpoint."}}, status=404)


class Pages(PageNumberPagination):
    """``?page=N`` and ``?page_size=N`` (at most 200); ``count``, ``next``, ``previous`` and ``results``."""

    page_size_query_param = "page_size"
    max_page_size = 200
