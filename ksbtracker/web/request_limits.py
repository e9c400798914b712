"""Request body limits, enforced before anything reads the body.

A request that says it is larger than ``REQUEST_MAX_BYTES`` is refused at once (413), as is any body from
someone not signed in that is larger than ``ANONYMOUS_REQUEST_MAX_BYTES`` (the sign-in and password forms
are small); files sent by someone not signed in are dropped unread (nobody uploads before signing in). The body is then read through a
counter, so no more than the stated length is ever read even where a server does not cut the stream at
Content-Length. The reverse proxy should refuse bodies over the same limit (README, "Running in production").
Under WSGI the body is read only when a view or middleware asks for it, which is why this works; an ASGI
server reads the whole body first, so the app is served by WSGI.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.shortcuts import render
from django.urls import Resolver404, resolve

from ksbtracker.uploads import size_label

from .views.api import api_error

__all__ = ["RequestLimitMiddleware", "refuse_too_large"]


def refuse_too_large(request):
    """The 413 answer: a GOV.UK page for people, JSON for the API."""
    if request.path.startswith("/api/"):
        return api_error(413, "The request is too large.")
    context = {"max_file_size": size_label(settings.UPLOAD_MAX_BYTES)}
    return render(request, "errors/413.html", context, status=413)


def _refuse_anonymous_upload(request):
    if request.path.startswith("/api/"):
        return api_error(401, "Sign in to send files.")
    return render(request, "errors/sign_in_to_upload.html", status=401)


class _NoFilesBeforeSignIn(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        raise SkipFile("Files are not accepted before signing in.")

    def receive_data_chunk(self, raw_data, start):  # pragma: no cover - never reached after SkipFile
        return None

    def file_complete(self, file_size):  # pragma: no cover
        return None


class _CountingStream:
    """Reads from the request's stream and refuses to go past ``limit`` bytes."""

    def __init__(self, stream, limit: int):
        self._stream, self._limit, self._read = stream, limit, 0

    def _count(self, data: bytes) -> bytes:
        self._read += len(data)
        if self._read > self._limit:
            raise RequestDataTooBig("The request body is larger than it said or than the limit.")
        return data

    def read(self, size=-1):
        return self._count(self._stream.read(size))

    def readline(self, size=-1):
        return self._count(self._stream.readline(size))

    def close(self):
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


def _signed_in_limit(request) -> int:
    """REQUEST_MAX_BYTES, or the larger limit of a page named in LARGE_REQUEST_LIMITS (a learner record)."""
    try:
        name = resolve(request.path_info).url_name
    except Resolver404:
        return settings.REQUEST_MAX_BYTES
    return settings.LARGE_REQUEST_LIMITS.get(name, settings.REQUEST_MAX_BYTES)


def _declared_length(request) -> int | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    return length if length >= 0 else None


class RequestLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _declared_length(request)
        if length is None:
            return render(request, "errors/400.html", status=400)
        if length:
            limit = _signed_in_limit(request)
            anonymous_upload = False
            if not request.user.is_authenticated:
                limit = settings.ANONYMOUS_REQUEST_MAX_BYTES
                anonymous_upload = request.content_type == "multipart/form-data"
                request.upload_handlers = [_NoFilesBeforeSignIn(request)]
            if length > limit:
                return _refuse_anonymous_upload(request) if anonymous_upload else refuse_too_large(request)
            if hasattr(request, "_stream"):
                request._stream = _CountingStream(request._stream, min(length, limit))
        return self.get_response(request)
