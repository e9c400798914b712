"""``ksbtracker serve`` runs gunicorn as production does: health checks, a JSON access log, graceful restarts."""

import json
import os
import signal
import time

from .servers import ServedDatabase, Server, get, ksbtracker


def test_the_server_answers_health_checks_and_serves_pages_with_their_static_files(server):
    status, headers, body = get(server.url + "/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert headers["Cache-Control"] == "no-store"

    status, _, body = get(server.url + "/readyz")
    assert status == 200
    assert json.loads(body)["unapplied_migrations"] == 0

    status, _, body = get(server.url + "/sign-in/")
    assert status == 200
    assert b"Sign in" in body
    stylesheet = body.split(b'rel="stylesheet" href="', 1)[1].split(b'"', 1)[0].decode()
    status, _, css = get(server.url + stylesheet)
    assert status == 200 and len(css) > 1000


def test_health_checks_answer_a_load_balancer_asking_by_address_over_plain_http(tmp_path, served_database):
    behind_proxy = Server(served_database, BEHIND_HTTPS_PROXY="1", ALLOWED_HOSTS="ksb.example.org")
    try:
        assert get(behind_proxy.url + "/healthz", {"Host": "10.0.0.7"})[0] == 200
        assert get(behind_proxy.url + "/readyz", {"Host": "10.0.0.7"})[0] == 200
        # Every other page still goes to HTTPS on an allowed host only.
        assert get(behind_proxy.url + "/sign-in/", {"Host": "ksb.example.org"})[0] == 301
        assert get(behind_proxy.url + "/sign-in/", {"Host": "10.0.0.7"})[0] == 400
    finally:
        behind_proxy.stop()


def test_readiness_fails_until_the_database_is_migrated(tmp_path):
    empty = ServedDatabase(tmp_path)
    try:
        server = Server(empty)
        try:
            assert get(server.url + "/healthz")[0] == 200
            status, _, body = get(server.url + "/readyz")
            assert status == 503
            assert json.loads(body)["unapplied_migrations"] > 0

            ksbtracker(empty, "migrate", "-v0")
            status, _, body = get(server.url + "/readyz")
            assert (status, json.loads(body)["status"]) == (200, "ok")
        finally:
            server.stop()
    finally:
        empty.drop()


def test_each_request_is_one_json_line_in_the_access_log(server):
    get(server.url + "/sign-in/?next=/apprentices/", {"User-Agent": "log-test", "X-Request-ID": "abc-123"})
    lines = []
    deadline = time.monotonic() + 10
    while not lines and time.monotonic() < deadline:
        lines = [json.loads(line) for line in server.output.splitlines() if '"log-test"' in line]
        time.sleep(0.1)
    (entry,) = lines
    assert entry["method"] == "GET"
    assert entry["path"] == "/sign-in/"
    assert entry["query"] == "next=/apprentices/"
    assert entry["status"] == 200
    assert entry["request_id"] == "abc-123"
    assert entry["duration_ms"] >= 0


def test_a_hang_up_restarts_the_workers_without_dropping_the_service(served_database):
    server = Server(served_database, WEB_CONCURRENCY="1")
    try:
        os.kill(server.popen.pid, signal.SIGHUP)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert get(server.url + "/healthz")[0] == 200
            if server.output.count("Booting worker") >= 2:
                break
            time.sleep(0.1)
        assert server.output.count("Booting worker") >= 2
        assert get(server.url + "/sign-in/")[0] == 200
    finally:
        assert server.stop() == 0
