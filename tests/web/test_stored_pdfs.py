"""PDFs are made once, in the background, when a record is signed; downloads serve the stored file; a change
to what the PDF shows (content or signatures) makes a new one."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ksbtracker.scans.models import Rating
from ksbtracker.scans.selectors import scan_ksbs
from ksbtracker.scans.services import (
    RatingAnswer,
    finish_decisions,
    record_decision,
    save_ratings,
    sign_scan,
    start_scan,
    submit_ratings,
)


@pytest.fixture
def database_jobs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REVIEW_REMINDERS_AT = ""


def scan_awaiting_the_provider_signature(world):
    scan = start_scan(enrolment=world["enrolment"], actor=world["assessor"])
    for who in ("learner", "assessor", "line_manager"):
        save_ratings(
            scan=scan, actor=world[who], answers=[RatingAnswer(ksb_id=k.pk, value=2) for k in scan_ksbs(scan)]
        )
        submit_ratings(scan=scan, actor=world[who])
    for ksb in scan_ksbs(scan):
        record_decision(
            scan=scan, actor=world["provider_admin"], ksb_id=ksb.pk, outcome="none", rationale="Checked"
        )
    finish_decisions(scan=scan, actor=world["provider_admin"])
    for who in ("learner", "line_manager"):
        sign_scan(scan=scan, actor=world[who])
    return scan


def stored_pdfs() -> list[str]:
    try:
        return default_storage.listdir("generated/pdf")[1]
    except FileNotFoundError:
        return []


def run_worker():
    call_command("worker", "--batch", verbosity=0)


def test_the_last_signature_has_the_pdf_made_and_the_download_serves_it(
    committed_db, client, scan_world, database_jobs
):
    scan = scan_awaiting_the_provider_signature(scan_world)
    client.force_login(scan_world["provider_admin"])
    response = client.post(reverse("scan-sign", args=[scan.pk]), {"confirm": "on"})
    assert response.status_code == 302
    job = DBTaskResult.objects.get(task_path="ksbtracker.web.pdf.render_pdf")
    assert job.args_kwargs["args"] == ["skills-scan", scan.pk]
    assert stored_pdfs() == []

    run_worker()
    (stored,) = stored_pdfs()
    assert stored.startswith(f"skills-scan-{scan.pk}-")
    download = client.get(reverse("scan-pdf", args=[scan.pk]))
    assert download.status_code == 200
    with default_storage.open(f"generated/pdf/{stored}", "rb") as file:
        assert download.content == file.read()
    assert DBTaskResult.objects.count() == 1, "the download made nothing new"


def test_a_pdf_not_made_yet_is_prepared_in_the_background(committed_db, client, scan_world, database_jobs):
    scan = scan_awaiting_the_provider_signature(scan_world)
    client.force_login(scan_world["learner"])
    waiting = client.get(reverse("scan-pdf", args=[scan.pk]))
    assert waiting.status_code == 202
    assert waiting["Refresh"] == "3"
    assert "Preparing your PDF" in waiting.content.decode()
    run_worker()
    ready = client.get(reverse("scan-pdf", args=[scan.pk]))
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")


def test_a_change_to_what_the_pdf_shows_makes_a_new_one(committed_db, client, scan_world, database_jobs):
    scan = scan_awaiting_the_provider_signature(scan_world)
    client.force_login(scan_world["provider_admin"])
    client.get(reverse("scan-pdf", args=[scan.pk]))
    run_worker()
    (before,) = stored_pdfs()
    assert client.get(reverse("scan-pdf", args=[scan.pk])).status_code == 200

    # Signed by the provider: the PDF now shows three signatures.
    client.post(reverse("scan-sign", args=[scan.pk]), {"confirm": "on"})
    run_worker()
    (signed,) = stored_pdfs()
    assert signed != before

    # Changed outside the application: the signatures no longer verify, and the PDF must say so.
    Rating.objects.filter(scan=scan).update(value=1)
    assert client.get(reverse("scan-pdf", args=[scan.pk])).status_code == 202
    run_worker()
    (tampered,) = stored_pdfs()
    assert tampered not in (before, signed)
    assert client.get(reverse("scan-pdf", args=[scan.pk])).content.startswith(b"%PDF")
