"""The API as another system uses it: a token made on a page, the same access rules as the pages, JSON errors."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from ksbtracker.api.models import AccessToken
from ksbtracker.audit.models import AuditEvent
from tests.factories import EnrolmentFactory


def make_token(client: Client, user, *scopes: str, name: str = "Student records") -> str:
    client.force_login(user)
    page = client.post("/account/api-tokens/", {"name": name, "scopes": list(scopes)})
    assert page.status_code == 200
    return re.search(r'<code id="token-secret">([^<]+)</code>', page.content.decode()).group(1)


def api(token: str | None = None) -> Client:
    """A client with no session, as another system is."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client(headers=headers)


def post_json(client: Client, path: str, body) -> object:
    return client.post(
        path, json.dumps(body) if not isinstance(body, str) else body, content_type="application/json"
    )


def test_a_token_made_on_the_page_reads_the_api_until_it_is_revoked(client, scan_world):
    assessor, enrolment = scan_world["assessor"], scan_world["enrolment"]
    secret = make_token(client, assessor, "read")
    stored = AccessToken.objects.get()
    assert secret.startswith("ksb_") and secret not in (stored.secret_hash, stored.prefix)

    response = api(secret).get("/api/v1/enrolments/")
    assert response.status_code == 200
    assert [e["id"] for e in response.json()["results"]] == [enrolment.pk]
    assert response.json()["results"][0]["learner"]["name"] == enrolment.learner.full_name
    used = AuditEvent.objects.filter(action="api_token.used").get()
    assert used.actor == assessor and used.after == {
        "method": "GET",
        "path": "/api/v1/enrolments/",
        "status": 200,
    }

    listing = client.get("/account/api-tokens/").content.decode()
    assert "Student records" in listing and secret not in listing
    client.post(f"/account/api-tokens/{stored.pk}/revoke/")
    refused = api(secret).get("/api/v1/enrolments/")
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "This token is not valid: it is unknown or has been revoked."
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=assessor).exists()


def test_nobody_revokes_someone_elses_token(client, scan_world):
    make_token(client, scan_world["assessor"], "read")
    token = AccessToken.objects.get()
    client.force_login(scan_world["learner"])
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    assert AccessToken.objects.get().is_active


def test_the_token_page_says_what_is_missing(client, scan_world):
    client.force_login(scan_world["learner"])
    page = client.post("/account/api-tokens/", {"name": ""}).content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a name for the token" in page and "Select what the token may do" in page
    assert not AccessToken.objects.exists()


def test_what_you_cannot_see_on_the_pages_is_not_found_in_the_api(client, scan_world):
    secret = make_token(client, scan_world["outsider"], "read")
    enrolment = scan_world["enrolment"]
    for path in (f"/api/v1/enrolments/{enrolment.pk}/", f"/api/v1/enrolments/{enrolment.pk}/off-the-job/",
                 f"/api/v1/enrolments/{enrolment.pk}/skills-scans/"):  # fmt: skip
        response = api(secret).get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["status"] == 404
    assert api(secret).get("/api/v1/enrolments/").json()["results"] == []


def test_an_enrolment_comes_with_its_progress_summary(client, scan_world):
    secret = make_token(client, scan_world["line_manager"], "read")
    body = api(secret).get(f"/api/v1/enrolments/{scan_world['enrolment'].pk}/").json()
    assert body["progress"]["ksbs"] == {"not_started": 5, "in_progress": 0, "evidenced": 0, "signed_off": 0}
    assert set(body["progress"]["off_the_job"]) >= {"required_hours", "done_hours", "percent_done"}
    assert "due_by" in body["progress"]["next_review"]


def test_the_learner_adds_evidence_and_the_assessor_assesses_it(client, scan_world):
    enrolment = scan_world["enrolment"]
    enrolment.start_date = timezone.localdate() - datetime.timedelta(days=60)
    enrolment.save()
    ksb = enrolment.standard_version.ksbs.order_by("kind", "number").first()
    learner_token = make_token(client, scan_world["learner"], "read", "write")
    created = post_json(api(learner_token), "/api/v1/evidence/", {
        "enrolment": enrolment.pk, "evidence_type": "reflective_account", "title": "Court report",
        "activity_date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "account": "I wrote a pre-sentence report and discussed it with my tutor.", "ksbs": [ksb.pk],
    })  # fmt: skip
    assert created.status_code == 201, created.content
    item = created.json()
    assert (item["status"], item["ksbs"]) == ("draft", [ksb.code])
    assert post_json(api(learner_token), f"/api/v1/evidence/{item['id']}/submit/", {}).status_code == 200

    # The learner may read it but never assess it.
    decisions = {"decisions": [{"ksb": ksb.pk, "outcome": "met"}]}
    refused = post_json(api(learner_token), f"/api/v1/evidence/{item['id']}/assessment/", decisions)
    assert refused.status_code == 403 and refused.json()["error"]["message"]

    assessor_token = make_token(client, scan_world["assessor"], "read", "write")
    assessed = post_json(api(assessor_token), f"/api/v1/evidence/{item['id']}/assessment/", decisions)
    assert assessed.status_code == 200, assessed.content
    assert assessed.json() == {"round": 1, "outcome": "accepted", "evidence_status": "accepted"}
    listed = api(assessor_token).get(f"/api/v1/evidence/?enrolment={enrolment.pk}&status=accepted").json()
    assert [i["title"] for i in listed["results"]] == ["Court report"]
    assert AuditEvent.objects.filter(action="evidence.assessed", actor=scan_world["assessor"]).exists()


def test_a_read_only_token_cannot_write(client, scan_world):
    secret = make_token(client, scan_world["learner"], "read")
    response = post_json(api(secret), f"/api/v1/enrolments/{scan_world['enrolment'].pk}/off-the-job/", {})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This token does not have the write scope."


def test_off_the_job_hours_are_logged_and_bad_input_is_a_json_error(client, scan_world):
    enrolment = scan_world["enrolment"]
    path = f"/api/v1/enrolments/{enrolment.pk}/off-the-job/"
    secret = make_token(client, scan_world["learner"], "read", "write")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    enrolment.start_date = timezone.localdate() - datetime.timedelta(days=30)
    enrolment.save()

    bad = post_json(api(secret), path, {"date": "31/02/2026", "activity": "", "hours": "lots"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"date", "activity", "hours"}
    assert bad.json()["error"]["message"].startswith("date: ")
    too_many = post_json(api(secret), path, {"date": yesterday, "activity": "Training day", "hours": "25"})
    assert too_many.status_code == 400
    assert too_many.json()["error"]["fields"]["hours"] == ["Enter the hours, more than 0 and no more than 24"]
    assert post_json(api(secret), path, "{not json").json()["error"]["status"] == 400

    logged = post_json(api(secret), path, {"date": yesterday, "activity": "Training day", "hours": "7.5"})
    assert logged.status_code == 201
    assert api(secret).get(path).json()["results"][0]["hours"] == "7.50"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/enrolments/?status=asleep",
        "/api/v1/evidence/?enrolment=x",
        "/api/v1/standards/?reference=ST%00",
    ],
)
def test_a_bad_filter_is_a_json_error(client, scan_world, path):
    response = api(make_token(client, scan_world["assessor"], "read")).get(path)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_no_token_no_api_and_unknown_paths_are_json(db):
    response = api().get("/api/v1/enrolments/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["message"]
    assert api().get("/api/v1/nothing-here/").json() == {
        "error": {"status": 404, "message": "No such API endpoint."}
    }


def test_lists_are_paginated(client, scan_world):
    provider_admin = scan_world["provider_admin"]
    EnrolmentFactory.create_batch(3, provider=scan_world["enrolment"].provider)
    secret = make_token(client, provider_admin, "read")
    first = api(secret).get("/api/v1/enrolments/?page_size=2").json()
    assert (first["count"], len(first["results"])) == (4, 2)
    second = api(secret).get(first["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None
    assert {e["id"] for e in first["results"] + second["results"]} == {
        e["id"] for e in api(secret).get("/api/v1/enrolments/").json()["results"]
    }
    beyond = api(secret).get("/api/v1/enrolments/?page=3&page_size=2")
    assert beyond.status_code == 404 and beyond.json()["error"]["message"]


def test_each_token_has_its_own_rate_limit(client, scan_world, settings):
    settings.API_RATE_LIMIT = "3/min"
    first = make_token(client, scan_world["assessor"], "read", name="one")
    second = make_token(client, scan_world["assessor"], "read", name="two")
    statuses = [api(first).get("/api/v1/standards/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api(first).get("/api/v1/standards/").json()["error"]["status"] == 429
    assert api(second).get("/api/v1/standards/").status_code == 200


def test_the_schema_and_its_docs_are_served(client, db):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/evidence/{id}/assessment/" in schema.json()["paths"]
    assert client.get("/api/v1/docs/").status_code == 200


def test_a_null_character_in_a_search_is_ignored_not_an_error(client, scan_world):
    client.force_login(scan_world["learner"])
    assert client.get("/api/standards/?q=ST%00").status_code == 200
    assert client.get("/standards/?q=%00").status_code == 200
