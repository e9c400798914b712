"""Supporting files for prior learning: checked by content, kept out of reach of others, covered by signatures."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ksbtracker.scans.models import PriorLearningFile, SkillsScan
from ksbtracker.scans.selectors import scan_ksbs
from ksbtracker.scans.services import scan_content_hash
from tests.evidence.helpers import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def scan(client, scan_world):
    client.force_login(scan_world["assessor"])
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]))
    return SkillsScan.objects.get()


def upload(client, scan, ksb, name, content):
    url = reverse("scan-prior-learning-file-add", args=[scan.pk, ksb.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def stored_files(settings):
    folder = settings.MEDIA_ROOT / "prior-learning"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_learner_uploads_a_certificate_that_only_the_scan_people_can_download(
    client, scan_world, scan, settings
):
    k1 = scan_ksbs(scan)[0]
    client.force_login(scan_world["learner"])
    before = scan_content_hash(scan)
    page = upload(client, scan, k1, "certificate.pdf", SAMPLES["report.pdf"]).content.decode()
    assert "certificate.pdf uploaded." in page
    attached = PriorLearningFile.objects.get()
    assert scan_content_hash(scan) != before  # the file is part of what will be signed
    url = reverse("scan-prior-learning-file", args=[scan.pk, attached.pk])
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="certificate.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == SAMPLES["report.pdf"]
    client.force_login(scan_world["assessor"])
    assert client.get(url).status_code == 200
    client.force_login(scan_world["outsider"])
    assert client.get(url).status_code == 404


def test_a_fake_pdf_and_an_oversized_file_are_refused_and_leave_nothing(client, scan_world, scan, settings):
    k1 = scan_ksbs(scan)[0]
    client.force_login(scan_world["learner"])
    page = upload(client, scan, k1, "certificate.pdf", b"this is not a pdf at all").content.decode()
    assert "is not a real PDF" in page
    settings.UPLOAD_MAX_BYTES = 1024
    page = upload(client, scan, k1, "big.txt", b"a" * 2048).content.decode()
    assert "must be smaller than 1 KB" in page
    assert not PriorLearningFile.objects.exists()
    assert stored_files(settings) == []


def test_only_the_learner_uploads_and_only_before_submitting(client, scan_world, scan, settings):
    k1 = scan_ksbs(scan)[0]
    client.force_login(scan_world["assessor"])
    assert upload(client, scan, k1, "x.txt", b"notes").status_code == 403
    assert stored_files(settings) == []


def test_a_file_named_after_a_person_is_refused_and_leaves_nothing(client, scan_world, scan, settings):
    k1 = scan_ksbs(scan)[0]
    client.force_login(scan_world["learner"])
    page = upload(client, scan, k1, "Mr_Jones_X123456.pdf", SAMPLES["report.pdf"]).content.decode()
    assert "Rename the file so that it names nobody" in page
    assert "Case reference number (CRN)" in page
    assert not PriorLearningFile.objects.exists()
    assert stored_files(settings) == []
