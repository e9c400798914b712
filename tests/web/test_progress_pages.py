"""Progress, off-the-job log, reviews and gateway pages, used as each person would."""

import datetime

import pytest
from django.urls import reverse

from ksbtracker.progress.models import OTJLogEntry
from ksbtracker.reviews.models import ProgressReview, ReviewStatus

pytestmark = pytest.mark.django_db


def date_fields(name, day):
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def test_learner_logs_otj_hours_with_clear_errors(client, scan_world):
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["learner"])
    url = reverse("otj-add", args=[enrolment.pk])
    response = client.post(
        url, {"date-day": "31", "date-month": "2", "date-year": "2026", "activity": "", "hours": "two"}
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Date of the training must be a real date" in body
    assert "Enter the hours as a number" in body
    response = client.post(url, {**date_fields("date", datetime.date(2025, 10, 3)), "activity": "Court observation",
                                 "hours": "3.5"})  # fmt: skip
    assert response.status_code == 302
    assert OTJLogEntry.objects.get().hours == 3.5
    page = client.get(reverse("enrolment-progress", args=[enrolment.pk])).content.decode()
    assert "Court observation" in page
    assert "0 from evidence, 3.5 from the log" in page


def test_assessor_records_a_review_that_three_people_sign(client, scan_world):
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["assessor"])
    response = client.post(
        reverse("review-start", args=[enrolment.pk]), date_fields("held_on", datetime.date(2025, 11, 20))
    )
    review = ProgressReview.objects.get()
    assert response["Location"] == review.get_absolute_url()
    data = {"progress_against_actions": "Completed the induction", "description-0": "Shadow a parole hearing",
            "owner-0": "Learner", **date_fields("due_on-0", datetime.date(2026, 1, 15)), "action": "send"}  # fmt: skip
    bad = client.post(review.get_absolute_url(), {**data, "due_on-0-day": "40"})
    assert "the due date of next action 1 must be a real date" in bad.content.decode().lower()
    client.post(review.get_absolute_url(), data)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SIGNING
    for who in ("learner", "assessor", "line_manager"):
        client.force_login(scan_world[who])
        client.post(reverse("review-sign", args=[review.pk]), {"confirm": "yes"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.SIGNED
    page = client.get(review.get_absolute_url()).content.decode()
    assert page.count("Verified") == 3
    assert "Shadow a parole hearing" in page
    progress = client.get(reverse("enrolment-progress", args=[enrolment.pk])).content.decode()
    assert "A progress review is overdue: it was due by 28 February 2026." in progress


def test_learner_and_line_manager_cannot_record_reviews_and_outsiders_see_nothing(client, scan_world):
    enrolment = scan_world["enrolment"]
    for who in ("learner", "line_manager"):
        client.force_login(scan_world[who])
        assert client.get(reverse("review-start", args=[enrolment.pk])).status_code == 403
    client.force_login(scan_world["outsider"])
    for name in ("enrolment-progress", "otj-add", "review-start"):
        assert client.get(reverse(name, args=[enrolment.pk])).status_code == 404


def test_home_lists_what_needs_each_person(client, scan_world):
    from ksbtracker.scans.services import start_scan

    start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    client.force_login(scan_world["learner"])
    assert "Rate every KSB in the skills scan" in client.get(reverse("home")).content.decode()
    client.force_login(scan_world["line_manager"])
    assert "Rate every KSB in the skills scan" not in client.get(reverse("home")).content.decode()


def test_status_help_page_states_the_rules(client, scan_world):
    client.force_login(scan_world["learner"])
    page = client.get(reverse("status-help")).content.decode()
    assert "judged the KSB met in at least one accepted evidence item" in page


def test_review_form_lists_every_problem_and_keeps_what_was_typed(client, scan_world):
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["assessor"])
    client.post(
        reverse("review-start", args=[enrolment.pk]), date_fields("held_on", datetime.date(2025, 11, 20))
    )
    review = ProgressReview.objects.get()
    data = {"concerns": "Workload", "description-0": "", "description-1": "Read the MAPPA guidance", "owner-1": "",
            "due_on-1-day": "31", "due_on-1-month": "2", "due_on-1-year": "2026", "action": "save"}  # fmt: skip
    body = client.post(review.get_absolute_url(), data).content.decode()
    assert 'href="#owner-1">Enter who owns next action 2</a>' in body
    assert 'href="#due_on-1-day">The due date of next action 2 must be a real date' in body
    assert 'value="Read the MAPPA guidance"' in body and ">Workload</textarea>" in body
    assert 'id="owner-1-error"' in body and 'id="due_on-1-error"' in body


def test_learners_reach_their_evidence_and_progress_from_the_navigation(client, scan_world):
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["learner"])
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("evidence-list", args=[enrolment.pk])}"' in page
    assert f'href="{reverse("enrolment-progress", args=[enrolment.pk])}"' in page
    client.force_login(scan_world["assessor"])
    assert "My evidence" not in client.get(reverse("home")).content.decode()
