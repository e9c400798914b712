"""Request body limits, tried over a real HTTP connection to a running server."""

from __future__ import annotations

import io
import socket
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.test import RequestFactory

from ksbtracker.web.request_limits import RequestLimitMiddleware
from tests.factories import UserFactory

GIB = 1024**3


def _send_headers_and_some_body(live_server, path, length, *, content_type, cookie="", sent=64 * 1024):
    """Start a POST that says it carries ``length`` bytes, send only ``sent`` of them, read the answer."""
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=15) as conn:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "\r\n"
        )
        conn.sendall(head.encode() + b"a" * sent)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        while len(body) < length and (chunk := conn.recv(65536)):
            body += chunk
    return int(head.split()[1]), body.decode(errors="replace")


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_gigabyte_upload_is_refused_before_it_is_read(live_server):
    status, body = _send_headers_and_some_body(
        live_server, "/evidence/1/files/add/", GIB, content_type="multipart/form-data; boundary=xyz"
    )
    assert status == 401
    assert "Sign in to send files" in body


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_large_form_is_refused(live_server):
    status, body = _send_headers_and_some_body(
        live_server, "/sign-in/", 200 * 1024, content_type="application/x-www-form-urlencoded"
    )
    assert status == 413
    assert "What you sent is too large" in body


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_body_over_the_limit_is_refused_before_it_is_read(live_server, client, settings):
    client.force_login(UserFactory())
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    status, body = _send_headers_and_some_body(
        live_server,
        "/evidence/1/files/add/",
        settings.REQUEST_MAX_BYTES + 1,
        content_type="multipart/form-data; boundary=xyz",
        cookie=cookie,
    )
    assert status == 413
    assert "Each file must be smaller than 10 MB" in body

    status, body = _send_headers_and_some_body(
        live_server, "/api/enrolments/", GIB, content_type="application/json", cookie=cookie
    )
    assert status == 413
    assert '"message": "The request is too large."' in body


@pytest.mark.django_db
def test_no_more_is_read_than_the_request_said(settings):
    """Where the server does not cut the stream at Content-Length, the counter does."""
    request = RequestFactory().post("/anything/", data=b"x" * 100, content_type="text/plain")
    request.user = UserFactory()
    request._stream = io.BytesIO(b"x" * 10_000)

    def view(request):
        return request.body

    with pytest.raises(RequestDataTooBig):
        RequestLimitMiddleware(view)(request)


@pytest.mark.django_db
def test_a_learner_record_may_be_larger_than_an_evidence_file(settings):
    """Importing a learner record (all its evidence in one file) has its own, larger limit."""
    user = UserFactory()

    def limited(path, length):
        request = RequestFactory().post(path, data=b"", content_type="application/zip")
        request.META["CONTENT_LENGTH"] = str(length)
        request.user = user
        return RequestLimitMiddleware(lambda r: HttpResponse("passed on"))(request).status_code

    twenty_mb = 20 * 1024 * 1024
    assert limited("/transfers/import/", twenty_mb) == 200
    assert limited("/evidence/1/files/add/", twenty_mb) == 413
    assert limited("/transfers/import/", settings.LARGE_REQUEST_LIMITS["record-import"] + 1) == 413
