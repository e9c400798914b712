from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ksbtracker.audit.models import AuditEvent
from ksbtracker.scans.models import Rating, ScanStatus
from ksbtracker.scans.selectors import scan_ksbs, scan_rows
from ksbtracker.scans.services import (
    RatingAnswer,
    correct_scan,
    finish_decisions,
    record_decision,
    save_ratings,
    scan_content_hash,
    sign_scan,
    start_scan,
    submit_ratings,
)


def rate_all(scan, user, value):
    answers = [RatingAnswer(ksb_id=k.pk, value=value) for k in scan_ksbs(scan)]
    assert save_ratings(scan=scan, actor=user, answers=answers) == []
    return submit_ratings(scan=scan, actor=user)


def locked_scan(world):
    scan = start_scan(enrolment=world["enrolment"], actor=world["assessor"])
    rate_all(scan, world["learner"], 1)
    rate_all(scan, world["assessor"], 2)
    rate_all(scan, world["line_manager"], 3)
    for ksb in scan_ksbs(scan):
        record_decision(
            scan=scan, actor=world["provider_admin"], ksb_id=ksb.pk, outcome="none", rationale="New to it"
        )
    finish_decisions(scan=scan, actor=world["provider_admin"])
    for who in ("learner", "line_manager", "provider_admin"):
        sign_scan(scan=scan, actor=world[who])
    scan.refresh_from_db()
    return scan


def test_only_the_assessor_or_a_provider_admin_starts_a_scan(scan_world):
    for who in ("learner", "line_manager", "quality_reviewer", "outsider"):
        with pytest.raises(PermissionDenied):
            start_scan(enrolment=scan_world["enrolment"], actor=scan_world[who])
    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["provider_admin"])
    assert scan.status == ScanStatus.LEARNER_RATING
    with pytest.raises(ValidationError, match="already has a baseline"):
        start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])


def test_submitting_with_unrated_ksbs_lists_each_one(scan_world):
    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    first = scan_ksbs(scan)[0]
    save_ratings(scan=scan, actor=scan_world["learner"], answers=[RatingAnswer(ksb_id=first.pk, value=2)])
    with pytest.raises(ValidationError) as error:
        submit_ratings(scan=scan, actor=scan_world["learner"])
    assert error.value.messages == ["Rate K2", "Rate S1", "Rate S2", "Rate B1"]


def test_two_people_saving_at_once_do_not_lose_each_others_answers(scan_world):
    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    k1 = scan_ksbs(scan)[0]
    learner = scan_world["learner"]
    save_ratings(scan=scan, actor=learner, answers=[RatingAnswer(ksb_id=k1.pk, value=1)])
    rating = Rating.objects.get(scan=scan, ksb=k1)
    # Two tabs loaded the page at revision 1; the first saves 3, the second then saves 2.
    assert save_ratings(scan=scan, actor=learner, answers=[RatingAnswer(k1.pk, 3, "", rating.revision)]) == []
    assert save_ratings(scan=scan, actor=learner, answers=[RatingAnswer(k1.pk, 2, "", rating.revision)]) == [
        k1.pk
    ]
    assert Rating.objects.get(scan=scan, ksb=k1).value == 3


def test_ratings_stage_by_stage(scan_world):
    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    with pytest.raises(ValidationError, match="not open at this stage"):
        save_ratings(scan=scan, actor=scan_world["assessor"], answers=[])
    assert rate_all(scan, scan_world["learner"], 1).status == ScanStatus.STAFF_RATING
    assert rate_all(scan, scan_world["assessor"], 3).status == ScanStatus.STAFF_RATING
    assert rate_all(scan, scan_world["line_manager"], 2).status == ScanStatus.DECIDING
    rows = scan_rows(scan)
    assert [(r.learner, r.assessor, r.line_manager) for r in rows] == [(1, 3, 2)] * 5
    assert all(r.disagreement for r in rows)  # 1 and 3 are two points apart


def test_decisions_need_a_rationale_and_a_share_when_in_part(scan_world):
    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    for who, value in (("learner", 3), ("assessor", 3), ("line_manager", 3)):
        rate_all(scan, scan_world[who], value)
    k1 = scan_ksbs(scan)[0]
    with pytest.raises(ValidationError) as error:
        record_decision(
            scan=scan, actor=scan_world["provider_admin"], ksb_id=k1.pk, outcome="part", rationale=""
        )
    assert set(error.value.message_dict) == {"share_percent", "rationale"}
    with pytest.raises(PermissionDenied):
        record_decision(
            scan=scan, actor=scan_world["line_manager"], ksb_id=k1.pk, outcome="full", rationale="x"
        )
    decision = record_decision(
        scan=scan, actor=scan_world["assessor"], ksb_id=k1.pk, outcome="part", rationale="Degree module",
        share_percent=Decimal("40"),
    )  # fmt: skip
    assert decision.share_percent == Decimal("40")
    with pytest.raises(ValidationError, match="Decide prior learning for K2"):
        finish_decisions(scan=scan, actor=scan_world["provider_admin"])


def test_three_signatures_lock_the_baseline_and_record_what_was_signed(scan_world):
    scan = locked_scan(scan_world)
    assert scan.status == ScanStatus.LOCKED
    signatures = list(scan.signatures.all())
    assert {s.role for s in signatures} == {"apprentice", "employer", "provider"}
    assert {s.content_hash for s in signatures} == {scan_content_hash(scan)}
    with pytest.raises(ValidationError, match="locked"):
        save_ratings(scan=scan, actor=scan_world["learner"], answers=[])
    with pytest.raises(ValidationError, match="locked"):
        record_decision(
            scan=scan, actor=scan_world["provider_admin"], ksb_id=1, outcome="full", rationale="x"
        )
    assert AuditEvent.objects.filter(action="scan.locked", object_id=str(scan.pk)).count() == 1


def test_a_changed_record_no_longer_matches_its_signatures(scan_world):
    scan = locked_scan(scan_world)
    signed_hash = scan.signatures.first().content_hash
    Rating.objects.filter(scan=scan).update(value=4)  # tampering outside the application
    assert scan_content_hash(scan) != signed_hash


def test_only_the_three_parties_sign(scan_world):
    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    with pytest.raises(ValidationError, match="once every rating and prior-learning decision"):
        sign_scan(scan=scan, actor=scan_world["learner"])


def test_a_correction_is_a_new_version_with_a_reason(scan_world):
    scan = locked_scan(scan_world)
    with pytest.raises(ValidationError):
        correct_scan(scan=scan, actor=scan_world["provider_admin"], reason=" ")
    corrected = correct_scan(scan=scan, actor=scan_world["provider_admin"], reason="K1 decision was wrong")
    assert corrected.version == 2
    assert corrected.status == ScanStatus.DECIDING
    assert corrected.ratings.count() == scan.ratings.count()
    scan.refresh_from_db()
    assert scan.status == ScanStatus.LOCKED  # the old baseline stands until the correction is signed
    k1 = scan_ksbs(corrected)[0]
    record_decision(
        scan=corrected, actor=scan_world["provider_admin"], ksb_id=k1.pk, outcome="full", rationale="PQiP"
    )
    finish_decisions(scan=corrected, actor=scan_world["provider_admin"])
    for who in ("learner", "line_manager", "provider_admin"):
        sign_scan(scan=corrected, actor=scan_world[who])
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUPERSEDED
    assert scan.decisions.get(ksb=k1).outcome == "none"  # never overwritten
