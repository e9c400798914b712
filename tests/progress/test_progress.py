import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ksbtracker.evidence.services import assess_item, create_item, submit_item
from ksbtracker.progress.gateway import gateway_readiness
from ksbtracker.progress.needs import tasks_for
from ksbtracker.progress.otj import otj_position
from ksbtracker.progress.services import confirm_gateway, log_otj_hours, record_qualification
from ksbtracker.progress.status import KSBStatus, ksb_statuses
from ksbtracker.reviews.services import sign_off_ksbs
from tests.evidence.helpers import details, ksb
from tests.factories import PublishedOTJMinimumFactory
from tests.plans.test_services import locked_baseline


def status_of(world, code):
    return next(s for s in ksb_statuses(world["enrolment"]) if s.ksb.code == code).status


def accepted_item(world, codes=("K1",), hours=Decimal("2.5")):
    enrolment = world["enrolment"]
    item = create_item(
        enrolment=enrolment, actor=world["learner"], details=details(enrolment, codes=codes, otj_hours=hours)
    )
    submit_item(item=item, actor=world["learner"])
    assess_item(
        item=item, actor=world["assessor"], decisions={ksb(enrolment, c).pk: ("met", "") for c in codes}
    )
    return item


def test_status_moves_from_not_started_to_signed_off(scan_world):
    enrolment = scan_world["enrolment"]
    assert status_of(scan_world, "K1") == KSBStatus.NOT_STARTED
    item = create_item(
        enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment, codes=("K1",))
    )
    assert status_of(scan_world, "K1") == KSBStatus.NOT_STARTED  # a draft is not evidence yet
    submit_item(item=item, actor=scan_world["learner"])
    assert status_of(scan_world, "K1") == KSBStatus.IN_PROGRESS
    assess_item(item=item, actor=scan_world["assessor"], decisions={ksb(enrolment, "K1").pk: ("met", "Good")})
    assert status_of(scan_world, "K1") == KSBStatus.EVIDENCED
    sign_off_ksbs(enrolment=enrolment, actor=scan_world["assessor"], ksb_ids=[ksb(enrolment, "K1").pk])
    assert status_of(scan_world, "K1") == KSBStatus.SIGNED_OFF


def test_not_met_is_not_evidenced(scan_world):
    enrolment = scan_world["enrolment"]
    item = create_item(
        enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment, codes=("S1",))
    )
    submit_item(item=item, actor=scan_world["learner"])
    assess_item(
        item=item, actor=scan_world["assessor"], decisions={ksb(enrolment, "S1").pk: ("not_met", "Redo")}
    )
    assert status_of(scan_world, "S1") == KSBStatus.IN_PROGRESS


def test_prior_learning_recognised_in_full_counts_as_signed_off(scan_world):
    locked_baseline(scan_world, {"B1": ("full", None), "K2": ("part", Decimal("50"))})
    statuses = {s.ksb.code: s for s in ksb_statuses(scan_world["enrolment"])}
    assert statuses["B1"].status == KSBStatus.SIGNED_OFF and statuses["B1"].via_prior_learning
    assert statuses["K2"].status == KSBStatus.NOT_STARTED


def test_otj_totals_count_submitted_evidence_and_the_log(scan_world):
    enrolment = scan_world["enrolment"]  # starts 1 September 2025, ends 1 March 2027
    PublishedOTJMinimumFactory.for_standard(enrolment.standard_version, 400)
    accepted_item(scan_world, hours=Decimal("3"))
    draft = create_item(
        enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment, otj_hours=Decimal("5"))
    )
    assert draft.status == "draft"
    log_otj_hours(enrolment=enrolment, actor=scan_world["learner"], date=datetime.date(2025, 10, 2),
                  activity="Safeguarding e-learning", hours=Decimal("1.5"), ksb_ids=[])  # fmt: skip
    position = otj_position(enrolment, today=datetime.date(2025, 12, 1))
    assert (position.from_evidence, position.from_log, position.done) == (
        Decimal("3"),
        Decimal("1.5"),
        Decimal("4.5"),
    )
    assert position.required == Decimal("400")
    # 91 of 546 days gone: 66.7 hours expected by now, so 62.2 behind.
    assert position.expected_by_today == Decimal("66.7")
    assert position.is_behind and position.behind_by == Decimal("62.2")


def test_otj_log_checks_its_input(scan_world):
    enrolment = scan_world["enrolment"]
    with pytest.raises(ValidationError) as error:
        log_otj_hours(enrolment=enrolment, actor=scan_world["learner"], date=datetime.date(2099, 1, 1),
                      activity=" ", hours=Decimal("30"), ksb_ids=[])  # fmt: skip
    assert set(error.value.message_dict) == {"date", "activity", "hours"}
    with pytest.raises(PermissionDenied):
        log_otj_hours(enrolment=enrolment, actor=scan_world["line_manager"], date=datetime.date(2025, 10, 2),
                      activity="x", hours=Decimal("1"), ksb_ids=[])  # fmt: skip


def test_gateway_readiness_changes_as_things_are_done(scan_world):
    enrolment = scan_world["enrolment"]
    enrolment.standard_version.source_extra = {
        "qualifications": [{"title": "Professional Qualification in Probation (PQiP)"}]
    }
    enrolment.standard_version.save()
    today = datetime.date(2027, 3, 2)
    checks = {c.title: c for c in gateway_readiness(enrolment, today=today)}
    assert not checks["Every KSB signed off"].met
    assert "K1, K2, S1, S2, B1" in checks["Every KSB signed off"].detail
    assert checks["Minimum duration passed"].met
    assert not checks["Mandatory qualification: Professional Qualification in Probation (PQiP)"].met
    with pytest.raises(ValidationError, match="Not ready for gateway yet"):
        confirm_gateway(enrolment=enrolment, actor=scan_world["line_manager"], statement="Ready")
    sign_off_ksbs(enrolment=enrolment, actor=scan_world["assessor"],
                  ksb_ids=list(enrolment.standard_version.ksbs.values_list("pk", flat=True)))  # fmt: skip
    record_qualification(enrolment=enrolment, actor=scan_world["provider_admin"],
                         title="Professional Qualification in Probation (PQiP)", achieved_on=datetime.date(2026, 11, 1))  # fmt: skip
    checks = {c.title: c.met for c in gateway_readiness(enrolment, today=today)}
    assert (
        checks["Every KSB signed off"]
        and checks["Mandatory qualification: Professional Qualification in Probation (PQiP)"]
    )
    assert not checks["Off-the-job hours done"]


def test_what_needs_me(scan_world):
    enrolment = scan_world["enrolment"]
    item = create_item(
        enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment, codes=("K1",))
    )
    submit_item(item=item, actor=scan_world["learner"])
    assessor_tasks = [t.text for t in tasks_for(scan_world["assessor"], today=datetime.date(2026, 1, 5))]
    assert f"Assess “{item.title}”" in assessor_tasks
    assert "Hold a progress review: overdue since 31 December 2025" in assessor_tasks
    assess_item(
        item=item, actor=scan_world["assessor"], decisions={ksb(enrolment, "K1").pk: ("not_met", "More")}
    )
    learner_tasks = [t.text for t in tasks_for(scan_world["learner"], today=datetime.date(2026, 1, 5))]
    assert f"Revise “{item.title}”: it was sent back" in learner_tasks
    assert "Take part in a progress review: overdue since 31 December 2025" in learner_tasks
    assert tasks_for(scan_world["outsider"]) == []
