"""What the review and progress pages do with what people type: a second writer is told, nothing breaks."""

import datetime

import pytest
from django.urls import reverse

from ksbtracker.progress.models import OTJLogEntry
from ksbtracker.reviews.models import AgreedReviewFrequency, ProgressReview
from tests.web.test_progress_pages import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_review(client, scan_world):
    client.force_login(scan_world["assessor"])
    held = scan_world["enrolment"].start_date + datetime.timedelta(days=60)
    client.post(reverse("review-start", args=[scan_world["enrolment"].pk]), date_fields("held_on", held))
    return ProgressReview.objects.get()


def test_a_second_writer_is_told_and_what_they_typed_is_kept(client, draft_review):
    opened = {"revision": str(draft_review.revision), "action": "save"}
    client.post(draft_review.get_absolute_url(), opened | {"concerns": "Workload is high"})
    response = client.post(draft_review.get_absolute_url(), opened | {"concerns": "No concerns this time"})
    body = response.content.decode()
    assert "Someone else saved changes to this review after you opened it" in body
    assert ">No concerns this time</textarea>" in body
    draft_review.refresh_from_db()
    assert draft_review.concerns == "Workload is high"
    assert f'name="revision" value="{draft_review.revision}"' in body
    again = opened | {"revision": str(draft_review.revision), "concerns": "No concerns this time"}
    client.post(draft_review.get_absolute_url(), again)
    draft_review.refresh_from_db()
    assert draft_review.concerns == "No concerns this time"


@pytest.mark.parametrize(
    "date", [("99999999999999999999", "1", "2026"), ("1", "99999999999999999999", "2026"), ("²", "1", "2026"),
             ("1", "1", "99999"), ("1", "1", "1900")],
)  # fmt: skip
def test_impossible_dates_are_refused_on_every_date_form(client, scan_world, draft_review, date):
    typed = dict(zip(("day", "month", "year"), date, strict=True))
    enrolment = scan_world["enrolment"]
    start = client.post(
        reverse("review-start", args=[enrolment.pk]), {f"held_on-{k}": v for k, v in typed.items()}
    )
    action = {"description-0": "Read the guidance", "owner-0": "Learner"} | {
        f"due_on-0-{k}": v for k, v in typed.items()
    }
    detail = client.post(draft_review.get_absolute_url(), action | {"action": "save"})
    client.force_login(scan_world["learner"])
    otj = client.post(reverse("otj-add", args=[enrolment.pk]), {f"date-{k}": v for k, v in typed.items()}
                      | {"activity": "Workshop", "hours": "2"})  # fmt: skip
    for response in (start, detail, otj):
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert ProgressReview.objects.count() == 1
    assert not draft_review.actions.exists()
    assert not OTJLogEntry.objects.exists()


@pytest.mark.parametrize("interval", ["²", "9" * 5000, "NaN", "0", "53"])
def test_a_frequency_that_is_not_a_number_of_weeks_is_refused(client, draft_review, interval):
    url = reverse("review-frequency", args=[draft_review.enrolment.pk])
    response = client.post(
        url, {"interval": interval, "unit": "weeks", "reason": "Shifts", "agreed_by": "Ms Lee"}
    )
    assert response.status_code == 200
    assert "Enter how often, between 1 and 52" in response.content.decode()
    assert not AgreedReviewFrequency.objects.exists()


def test_sign_off_of_a_ksb_that_is_not_evidenced_is_refused(client, draft_review):
    ksb = draft_review.enrolment.standard_version.ksbs.first()
    response = client.post(
        draft_review.get_absolute_url(), {"sign_off": [str(ksb.pk), "²"], "action": "save"}
    )
    assert response.status_code == 200
    assert "Select only KSBs that are evidenced and not yet signed off" in response.content.decode()
    assert not draft_review.sign_offs.exists()


def test_a_quality_reviewer_cannot_open_the_otj_log_form(client, scan_world):
    client.force_login(scan_world["quality_reviewer"])
    assert client.get(reverse("otj-add", args=[scan_world["enrolment"].pk])).status_code == 403


def test_provider_records_a_qualification_with_the_date_it_was_achieved(client, scan_world):
    from ksbtracker.progress.models import QualificationAchieved

    client.force_login(scan_world["provider_admin"])
    url = reverse("qualification-add", args=[scan_world["enrolment"].pk])
    future = datetime.date.today() + datetime.timedelta(days=400)
    body = client.post(url, {"title": "PQiP", **date_fields("achieved", future)}).content.decode()
    assert "Date achieved must be on or before" in body
    assert (
        client.post(url, {"title": "PQiP", **date_fields("achieved", datetime.date(2026, 6, 30))}).status_code
        == 302
    )
    assert QualificationAchieved.objects.get().achieved_on == datetime.date(2026, 6, 30)
