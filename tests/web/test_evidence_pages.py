"""The evidence portfolio through the pages, as the learner and the assessor use it, and its security."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksbtracker.evidence.models import EvidenceAttachment, EvidenceItem, EvidenceStatus
from ksbtracker.evidence.services import add_attachment, create_item, submit_item
from ksbtracker.standards.models import Criterion, Framework
from tests.evidence.helpers import SAMPLES, details, ksb, upload
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def item_data(enrolment, **overrides):
    data = {
        "evidence_type": "direct_observation",
        "title": "Observed supervision session",
        "activity_date_0": "1",
        "activity_date_1": "10",
        "activity_date_2": "2025",
        "account": "My practice tutor observed me lead a supervision session with the person on probation.",
        "is_off_the_job": "yes",
        "otj_hours": "2",
        "ksbs_K": [str(ksb(enrolment, "K1").pk)],
        "ksbs_S": [str(ksb(enrolment, "S1").pk)],
    }
    return data | overrides


def stored_files(settings) -> list:
    """Every file under MEDIA_ROOT."""
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def assess(client, item, outcomes: dict, feedback: dict | None = None):
    data = {}
    for code, outcome in outcomes.items():
        pk = ksb(item.enrolment, code).pk
        data[f"outcome_{pk}"] = outcome
        data[f"feedback_{pk}"] = (feedback or {}).get(code, "")
    return client.post(reverse("evidence-assess", args=[item.pk]), data)


def test_learner_adds_evidence_is_warned_fixes_it_submits_and_the_assessor_refers_then_accepts(
    client, scan_world, settings
):
    enrolment, learner = scan_world["enrolment"], scan_world["learner"]
    client.force_login(learner)
    portfolio = client.get(reverse("evidence-list", args=[enrolment.pk])).content.decode()
    assert reverse("evidence-add", args=[enrolment.pk]) in portfolio

    add_url = reverse("evidence-add", args=[enrolment.pk])
    page = client.get(add_url).content.decode()
    assert "K1 text" in page and "Knowledge" in page and "Behaviours" in page  # KSBs by kind, with their text
    assert 'name="activity_date_0"' in page  # the GOV.UK date input

    # Bad input: the error summary, and what was typed is kept.
    response = client.post(
        add_url,
        item_data(enrolment, ksbs_K=[], ksbs_S=[], otj_hours="", activity_date_0="31", activity_date_1="2"),
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Select at least one KSB that this evidence shows" in body
    assert "Enter the off-the-job hours" in body
    assert "Date of the activity must be a real date" in body
    assert 'value="Observed supervision session"' in body
    assert "My practice tutor observed me" in body

    # A case reference number in the account: nothing is saved, and the learner sees exactly what and where.
    with_crn = item_data(enrolment, account="I supervised X123456 in the office.")
    body = client.post(add_url, with_crn).content.decode()
    assert not EvidenceItem.objects.exists()
    assert "Check for personal data" in body
    assert "“X123456”" in body and "Case reference number (CRN)" in body and "In the account" in body
    assert "Remove the personal data listed, or confirm that none of it is personal data" in body
    assert 'name="confirm_not_personal_data"' in body
    assert "I supervised X123456 in the office." in body  # kept, so it can be fixed in place

    # The learner anonymises it and saves.
    response = client.post(add_url, item_data(enrolment, account="I supervised the person on probation."))
    item = EvidenceItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert item.status == EvidenceStatus.DRAFT

    # A file, checked by content, stored under a random name.
    upload_url = reverse("evidence-attachment-add", args=[item.pk])
    assert "smaller than 10 MB" in client.get(upload_url).content.decode()
    response = client.post(upload_url, {"file": upload("report.pdf")})
    assert response.status_code == 302
    attachment = EvidenceAttachment.objects.get()
    assert [p.name for p in stored_files(settings)] == [attachment.stored_name]

    submit_url = reverse("evidence-submit", args=[item.pk])
    check = client.get(submit_url).content.decode()
    assert "Check your evidence before submitting it" in check and "report.pdf" in check
    client.post(submit_url)
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED
    assert client.get(reverse("evidence-change", args=[item.pk])).status_code == 403

    # The assessor sends it back: S1 not met, and feedback is required for it.
    client.force_login(scan_world["assessor"])
    assert reverse("evidence-assess", args=[item.pk]) in client.get(item.get_absolute_url()).content.decode()
    body = assess(client, item, {"K1": "met", "S1": "not_met"}).content.decode()
    assert "There is a problem" in body and "Enter feedback on S1" in body
    response = assess(client, item, {"K1": "met", "S1": "not_met"}, {"S1": "Say how you managed the risk."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == EvidenceStatus.REFERRED

    # The learner reads the feedback, revises and resubmits.
    client.force_login(learner)
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "Say how you managed the risk." in detail and "Sent back for changes" in detail
    change_url = reverse("evidence-change", args=[item.pk])
    assert "I supervised the person on probation." in client.get(change_url).content.decode()
    client.post(
        change_url, item_data(enrolment, account="I supervised the person on probation and managed the risk.")
    )
    client.post(submit_url)
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED

    client.force_login(scan_world["assessor"])
    assess(client, item, {"K1": "met", "S1": "partly_met"}, {"S1": "Good enough for now."})
    item.refresh_from_db()
    assert item.status == EvidenceStatus.ACCEPTED
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "Round 1" in detail and "Round 2" in detail and "Say how you managed the risk." in detail


def test_a_learner_may_confirm_that_a_finding_is_not_personal_data(client, scan_world):
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["learner"])
    add_url = reverse("evidence-add", args=[enrolment.pk])
    data = item_data(enrolment, title="Report to Dr Who", account="Discussed the case.")
    body = client.post(add_url, data).content.decode()
    shown = re.search(r'name="shown_findings" value="([^"]*)"', body).group(1)
    assert "Dr Who" in shown.replace("&quot;", '"')
    response = client.post(
        add_url, data | {"confirm_not_personal_data": "on", "shown_findings": '["Dr Who"]'}
    )
    item = EvidenceItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "that these are not personal data" in detail and "“Dr Who”" in detail


def test_nobody_else_can_download_a_learners_file_even_with_its_address(client, scan_world):
    enrolment = scan_world["enrolment"]
    item = create_item(enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment))
    attachment = add_attachment(item=item, actor=scan_world["learner"], upload=upload("report.pdf"))
    url = attachment.get_absolute_url()

    other = EnrolmentFactory(standard_version=enrolment.standard_version)
    for user in (scan_world["outsider"], other.learner, other.assessor):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(item.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in

    for who in ("learner", "assessor", "line_manager", "provider_admin", "quality_reviewer"):
        client.force_login(scan_world[who])
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == SAMPLES["report.pdf"]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_file_that_claims_to_be_a_pdf_but_is_not_is_refused(client, scan_world, settings):
    enrolment = scan_world["enrolment"]
    item = create_item(enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment))
    client.force_login(scan_world["learner"])
    fake = upload("report.pdf", b"<html><script>alert('x')</script></html>", "application/pdf")
    body = client.post(reverse("evidence-attachment-add", args=[item.pk]), {"file": fake}).content.decode()
    assert "There is a problem" in body
    assert "The selected file is called ‘report.pdf’ but it is not a real PDF" in body
    assert stored_files(settings) == [] and not EvidenceAttachment.objects.exists()


def test_an_oversized_upload_gets_a_clear_error_and_leaves_nothing_behind(client, scan_world, settings):
    enrolment = scan_world["enrolment"]
    item = create_item(enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment))
    client.force_login(scan_world["learner"])
    url = reverse("evidence-attachment-add", args=[item.pk])
    assert "smaller than 10 MB" in client.get(url).content.decode()
    big = upload("report.pdf", SAMPLES["report.pdf"] + b"0" * (10 * 1024 * 1024), "application/pdf")
    body = client.post(url, {"file": big}).content.decode()
    assert "There is a problem" in body and "The selected file must be smaller than 10 MB" in body
    assert stored_files(settings) == [] and not EvidenceAttachment.objects.exists()


def test_a_file_name_with_a_case_reference_number_is_shown_and_nothing_is_stored(
    client, scan_world, settings
):
    enrolment = scan_world["enrolment"]
    item = create_item(enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment))
    client.force_login(scan_world["learner"])
    body = client.post(
        reverse("evidence-attachment-add", args=[item.pk]),
        {"file": upload("X123456_notes.txt", SAMPLES["notes.txt"])},
    ).content.decode()
    assert "“X123456”" in body and "In the file name" in body and "Rename the file" in body
    assert stored_files(settings) == []


@pytest.mark.parametrize("who", ["assessor", "line_manager", "provider_admin", "quality_reviewer"])
def test_only_the_learner_adds_or_changes_evidence(client, scan_world, who):
    enrolment = scan_world["enrolment"]
    item = create_item(enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment))
    client.force_login(scan_world[who])
    assert client.get(reverse("evidence-list", args=[enrolment.pk])).status_code == 200
    assert client.get(reverse("evidence-add", args=[enrolment.pk])).status_code == 403
    assert client.get(reverse("evidence-change", args=[item.pk])).status_code == 403
    assert client.get(reverse("evidence-attachment-add", args=[item.pk])).status_code == 403
    assert client.post(reverse("evidence-submit", args=[item.pk])).status_code == 403
    assert client.get(reverse("evidence-assess", args=[item.pk])).status_code == 403  # not submitted


def test_the_portfolio_page_uses_the_same_queries_for_few_or_many_items(client, scan_world):
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["assessor"])
    url = reverse("evidence-list", args=[enrolment.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            item = create_item(
                enrolment=enrolment, actor=scan_world["learner"],
                details=details(enrolment, codes=("K1", "S1", "B1"), title=f"Evidence {i}", is_off_the_job=False),
            )  # fmt: skip
            add_attachment(item=item, actor=scan_world["learner"], upload=upload("notes.txt"))

    add(2)
    few = count()
    add(10)
    many = count()
    assert many == few
    assert few <= 20


def test_an_empty_assessment_lists_every_ksb_linked_to_its_first_choice(client, scan_world):
    enrolment = scan_world["enrolment"]
    item = create_item(
        enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment, codes=("K1", "S1"))
    )
    submit_item(item=item, actor=scan_world["learner"])
    client.force_login(scan_world["assessor"])
    body = client.post(reverse("evidence-assess", args=[item.pk]), {}).content.decode()
    k1 = ksb(enrolment, "K1").pk
    assert f'<a href="#id_outcome_{k1}_1">Select whether K1 is met, partly met or not met</a>' in body
    assert "Select whether S1 is met, partly met or not met" in body
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED


def test_evidence_can_be_mapped_to_assessable_criteria_of_other_frameworks(client, scan_world):
    framework = Framework.objects.create(slug="noms", title="NOMS core competences", kind="competences")
    section = Criterion.objects.create(
        framework=framework, code="3.1", title="Risk", assessable=False, position=1
    )
    criterion = Criterion.objects.create(
        framework=framework, parent=section, code="3.1 a", text="Assess risk of serious harm", position=2
    )
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["learner"])
    add_url = reverse("evidence-add", args=[enrolment.pk])
    page = client.get(add_url).content.decode()
    assert "Map to NOMS core competences" in page and "Assess risk of serious harm" in page
    offered = re.findall(rf'name="criteria_{framework.pk}"[^>]*value="(\d+)"', page)
    assert offered == [str(criterion.pk)]  # the section heading is not something evidence maps to
    client.post(add_url, item_data(enrolment) | {f"criteria_{framework.pk}": [str(criterion.pk)]})
    item = EvidenceItem.objects.get()
    assert list(item.criteria.all()) == [criterion]
    assert "3.1 a" in client.get(item.get_absolute_url()).content.decode()
    change = client.get(reverse("evidence-change", args=[item.pk])).content.decode()
    assert '<details class="govuk-details" open>' in change


def test_the_evidence_page_uses_the_same_queries_however_much_is_mapped(client, scan_world):
    framework = Framework.objects.create(slug="pf", title="Practice Framework", kind="practice_standards")
    criteria = [Criterion.objects.create(framework=framework, code=f"1.{n}", position=n) for n in range(6)]
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["assessor"])

    def count(codes, criterion_ids, files) -> int:
        item = create_item(
            enrolment=enrolment,
            actor=scan_world["learner"],
            details=details(enrolment, codes=codes, criterion_ids=criterion_ids, is_off_the_job=False),
        )
        for _ in range(files):
            add_attachment(item=item, actor=scan_world["learner"], upload=upload("notes.txt"))
        submit_item(item=item, actor=scan_world["learner"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(item.get_absolute_url()).status_code == 200
        return len(queries)

    assert count(("K1",), [criteria[0].pk], 1) == count(
        ("K1", "K2", "S1", "S2", "B1"), [c.pk for c in criteria], 4
    )
