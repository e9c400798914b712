"""Downloaded files are named safely whatever a person's name or a file's name contains."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ksbtracker.scans.models import SkillsScan
from ksbtracker.web.downloads import attachment_disposition

pytestmark = pytest.mark.django_db


def _scan_pdf(client, scan_world, learner_name):
    learner = scan_world["learner"]
    learner.full_name = learner_name
    learner.save()
    client.force_login(scan_world["assessor"])
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]))
    return client.get(reverse("scan-pdf", args=[SkillsScan.objects.get().pk]))


def test_a_learner_name_with_a_newline_still_downloads(client, scan_world):
    response = _scan_pdf(client, scan_world, "Dana\nSmith")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="skills-scan-v1-Dana Smith.pdf"'
    assert response.content.startswith(b"%PDF")


def test_quotes_in_a_name_cannot_break_the_header(client, scan_world):
    response = _scan_pdf(client, scan_world, 'Dana "DJ" Smith')
    assert response["Content-Disposition"] == "attachment; filename=\"skills-scan-v1-Dana-'DJ'-Smith.pdf\""


def test_a_non_latin_name_is_kept_for_browsers_that_read_rfc_6266(client, scan_world):
    response = _scan_pdf(client, scan_world, "Иван Петров")
    assert response["Content-Disposition"] == (
        'attachment; filename="skills-scan-v1.pdf"; '
        "filename*=UTF-8''skills-scan-v1-%D0%98%D0%B2%D0%B0%D0%BD-%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2.pdf"
    )


@pytest.mark.parametrize(
    "name, header",
    [
        ("report.pdf", 'attachment; filename="report.pdf"'),
        ("Zoë Ó Briain.docx", "attachment; filename=\"Zoe O Briain.docx\"; filename*=UTF-8''Zo%C3%AB%20%C3%93%20Briain.docx"),
        ("王.xlsx", "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E7%8E%8B.xlsx"),
        ("a\r\nSet-Cookie: x=1.csv", 'attachment; filename="a Set-Cookie: x=1.csv"'),
        ("notes;name=evil.txt", 'attachment; filename="notes,name=evil.txt"'),
    ],
)
def test_one_header_for_every_download(name, header):
    assert attachment_disposition(name) == header
