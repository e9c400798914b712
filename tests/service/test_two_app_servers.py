"""Two app servers behind one load balancer: one database and one file storage, and it does not matter which
server a person's next request reaches."""

import datetime
import re

import pytest
import requests

from .servers import Server, ksbtracker


@pytest.fixture(scope="module")
def second_server(served_database):
    running = Server(served_database)
    yield running
    running.stop()


def sign_in(session: requests.Session, base: str, email: str) -> None:
    form = session.get(base + "/sign-in/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    signed_in = session.post(base + "/sign-in/", data={
        "csrfmiddlewaretoken": token, "username": email, "password": "demo-password-2025",
    }, allow_redirects=False)  # fmt: skip
    assert signed_in.status_code == 302, signed_in.text[:500]


def form_token(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url).text).group(1)


def test_a_person_moves_between_two_app_servers_with_their_session_files_and_pdfs(
    served_database, server, second_server
):
    a, b = server.url, second_server.url
    learner = requests.Session()
    sign_in(learner, a, "learner2@example.org")
    assert "Signed in as" in learner.get(b + "/").text  # the session is in the shared database

    # Evidence made through server A's API (the browser session, with its CSRF token) ...
    enrolment = learner.get(a + "/api/v1/enrolments/").json()["results"][0]
    ksbs = learner.get(f"{a}/api/v1/standards/{enrolment['standard']['id']}/").json()["ksbs"]
    created = learner.post(a + "/api/v1/evidence/", json={
        "enrolment": enrolment["id"], "evidence_type": "reflective_account", "title": "Shared storage check",
        "activity_date": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
        "account": "I observed a sentencing hearing and reflected on it.", "ksbs": [ksbs[0]["id"]],
    }, headers={"X-CSRFToken": learner.cookies["csrftoken"], "Referer": a + "/"})  # fmt: skip
    assert created.status_code == 201, created.text
    item = created.json()["id"]

    # ... a file uploaded to server A ...
    upload_page = f"{a}/evidence/{item}/files/add/"
    uploaded = learner.post(
        upload_page,
        data={"csrfmiddlewaretoken": form_token(learner, upload_page)},
        files={"file": ("court-notes.txt", b"Notes from the hearing.\n", "text/plain")},
        allow_redirects=False,
    )
    assert uploaded.status_code == 302, uploaded.text[:1000]

    # ... is listed and downloaded from server B.
    detail = learner.get(f"{b}/evidence/{item}/").text
    file_url = re.search(rf'href="(/evidence/{item}/files/\d+/)"', detail).group(1)
    download = learner.get(b + file_url)
    assert download.status_code == 200
    assert download.content == b"Notes from the hearing.\n"

    # A PDF asked for on server A is made by a worker and served by server B from the shared storage.
    scan = learner.get(f"{a}/api/v1/enrolments/{enrolment['id']}/skills-scans/").json()["results"][0]["id"]
    first = learner.get(f"{a}/skills-scans/{scan}/skills-scan.pdf")
    assert first.status_code in (200, 202)
    ksbtracker(served_database, "worker", "--batch", REVIEW_REMINDERS_AT="")
    pdf = learner.get(f"{b}/skills-scans/{scan}/skills-scan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
