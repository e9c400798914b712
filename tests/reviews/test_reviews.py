import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.reviews.models import KSBSignOff, ReviewStatus
from ksbtracker.reviews.selectors import review_due
from ksbtracker.reviews.services import (
    agree_review_frequency,
    send_review_for_signing,
    sign_off_ksbs,
    sign_review,
    start_review,
    update_review,
)


def _set_start(enrolment, start):
    enrolment.start_date = start
    enrolment.planned_end_date = start + datetime.timedelta(days=700)
    enrolment.funding_rule_set = rule_set_for_start(start)
    enrolment.save()


def held_review(world, held_on, actions=1):
    review = start_review(enrolment=world["enrolment"], actor=world["assessor"], held_on=held_on,
                          otj_hours_done=Decimal("40"), otj_hours_expected=Decimal("50"))  # fmt: skip
    update_review(
        review=review, actor=world["assessor"], answers={"progress_against_actions": "All done", "concerns": ""},
        actions=[{"description": f"Action {i}", "owner": "Learner", "due_on": held_on} for i in range(actions)],
    )  # fmt: skip
    return review


def sign_all(world, review):
    send_review_for_signing(review=review, actor=world["assessor"])
    for who in ("learner", "assessor", "line_manager"):
        sign_review(review=review, actor=world[who])
    review.refresh_from_db()
    return review


def test_first_review_is_due_three_calendar_months_after_the_start_for_new_rules(scan_world):
    _set_start(scan_world["enrolment"], datetime.date(2025, 8, 1))
    due = review_due(scan_world["enrolment"], today=datetime.date(2025, 9, 1))
    assert due.due_by == datetime.date(2025, 11, 30)
    assert not due.overdue
    assert review_due(scan_world["enrolment"], today=datetime.date(2025, 12, 1)).overdue


def test_every_12_weeks_for_starts_before_august_2025(scan_world):
    _set_start(scan_world["enrolment"], datetime.date(2025, 3, 3))
    assert review_due(scan_world["enrolment"]).due_by == datetime.date(2025, 5, 26)


def test_next_review_counts_from_the_last_signed_one(scan_world):
    _set_start(scan_world["enrolment"], datetime.date(2025, 8, 1))
    review = sign_all(scan_world, held_review(scan_world, datetime.date(2025, 10, 15)))
    assert review.status == ReviewStatus.SIGNED
    assert review.due_by == datetime.date(2025, 11, 30)
    assert review_due(scan_world["enrolment"]).due_by == datetime.date(2026, 1, 31)


def test_an_agreed_frequency_is_recorded_with_its_reason(scan_world):
    _set_start(scan_world["enrolment"], datetime.date(2025, 8, 1))
    with pytest.raises(ValidationError) as error:
        agree_review_frequency(enrolment=scan_world["enrolment"], actor=scan_world["assessor"], interval=8,
                               unit="weeks", reason="", agreed_by="")  # fmt: skip
    assert set(error.value.message_dict) == {"reason", "agreed_by"}
    agree_review_frequency(enrolment=scan_world["enrolment"], actor=scan_world["assessor"], interval=8,
                           unit="weeks", reason="Monthly supervision cycle", agreed_by="Sam Patel")  # fmt: skip
    due = review_due(scan_world["enrolment"])
    assert due.due_by == datetime.date(2025, 9, 26)
    assert "agreed with the employer" in due.frequency


def test_a_review_needs_actions_and_three_signatures_and_then_cannot_change(scan_world):
    review = held_review(scan_world, datetime.date(2025, 10, 1), actions=0)
    with pytest.raises(ValidationError, match="at least one next action"):
        send_review_for_signing(review=review, actor=scan_world["assessor"])
    review = held_review_again(scan_world, review)
    review = sign_all(scan_world, review)
    assert {s.role for s in review.signatures.all()} == {"learner", "assessor", "line_manager"}
    with pytest.raises(ValidationError):
        update_review(review=review, actor=scan_world["assessor"], answers={}, actions=[])


def held_review_again(world, review):
    update_review(review=review, actor=world["assessor"], answers={"concerns": "None"},
                  actions=[{"description": "Observe a MAPPA meeting", "owner": "Assessor",
                            "due_on": datetime.date(2025, 12, 1)}])  # fmt: skip
    return review


def test_action_owner_and_date_are_required(scan_world):
    review = start_review(enrolment=scan_world["enrolment"], actor=scan_world["assessor"],
                          held_on=datetime.date(2025, 10, 1), otj_hours_done=Decimal(0),
                          otj_hours_expected=Decimal(0))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        update_review(review=review, actor=scan_world["assessor"], answers={},
                      actions=[{"description": "x", "owner": "", "due_on": None}])  # fmt: skip
    assert set(error.value.message_dict) == {"owner-0", "due_on-0"}


def test_only_the_provider_side_holds_reviews_and_future_dates_are_refused(scan_world):
    with pytest.raises(PermissionDenied):
        start_review(enrolment=scan_world["enrolment"], actor=scan_world["line_manager"],
                     held_on=datetime.date(2025, 10, 1), otj_hours_done=Decimal(0), otj_hours_expected=Decimal(0))  # fmt: skip
    with pytest.raises(ValidationError, match="today or in the past"):
        start_review(enrolment=scan_world["enrolment"], actor=scan_world["assessor"],
                     held_on=datetime.date(2099, 1, 1), otj_hours_done=Decimal(0), otj_hours_expected=Decimal(0))  # fmt: skip


def test_assessor_signs_off_ksbs_once(scan_world):
    enrolment = scan_world["enrolment"]
    ksbs = list(enrolment.standard_version.ksbs.values_list("pk", flat=True))
    with pytest.raises(PermissionDenied):
        sign_off_ksbs(enrolment=enrolment, actor=scan_world["learner"], ksb_ids=ksbs[:1])
    assert len(sign_off_ksbs(enrolment=enrolment, actor=scan_world["assessor"], ksb_ids=ksbs[:2])) == 2
    assert len(sign_off_ksbs(enrolment=enrolment, actor=scan_world["assessor"], ksb_ids=ksbs[:3])) == 1
    assert KSBSignOff.objects.filter(enrolment=enrolment).count() == 3


def test_a_review_can_include_a_rescan_against_the_baseline(scan_world):
    from ksbtracker.reviews.services import start_rescan_for_review
    from tests.plans.test_services import locked_baseline

    locked_baseline(scan_world, {})
    review = start_review(enrolment=scan_world["enrolment"], actor=scan_world["assessor"],
                          held_on=datetime.date(2025, 11, 1), otj_hours_done=Decimal(0), otj_hours_expected=Decimal(0))  # fmt: skip
    rescan = start_rescan_for_review(review=review, actor=scan_world["assessor"])
    review.refresh_from_db()
    assert review.rescan == rescan and rescan.kind == "rescan"
    with pytest.raises(ValidationError, match="already has a re-scan"):
        start_rescan_for_review(review=review, actor=scan_world["assessor"])
