import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ksbtracker.plans.models import PlanStatus
from ksbtracker.plans.selectors import default_required_hours, items_by_duty, plan_outcome, whole_months
from ksbtracker.plans.services import (
    create_plan_from_baseline,
    plan_content_hash,
    revise_plan,
    send_plan_for_signing,
    sign_plan,
    split_hours,
    update_plan_items,
)
from ksbtracker.scans.models import SkillsScan
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
from tests.factories import plan_with_activities


def locked_baseline(world, decisions):
    """A locked baseline where ``decisions`` maps KSB code -> (outcome, share)."""
    scan = start_scan(enrolment=world["enrolment"], actor=world["assessor"])
    for who, value in (("learner", 2), ("assessor", 1), ("line_manager", 2)):
        answers = [RatingAnswer(ksb_id=k.pk, value=value) for k in scan_ksbs(scan)]
        save_ratings(scan=scan, actor=world[who], answers=answers)
        submit_ratings(scan=scan, actor=world[who])
    for ksb in scan_ksbs(scan):
        outcome, share = decisions.get(ksb.code, ("none", None))
        record_decision(
            scan=scan, actor=world["provider_admin"], ksb_id=ksb.pk, outcome=outcome, rationale="Checked",
            share_percent=share,
        )  # fmt: skip
    finish_decisions(scan=scan, actor=world["provider_admin"])
    for who in ("learner", "line_manager", "provider_admin"):
        sign_scan(scan=scan, actor=world[who])
    scan.refresh_from_db()
    return scan


def test_split_hours_adds_up_exactly():
    assert split_hours(Decimal("1000"), 3) == [Decimal("334"), Decimal("333"), Decimal("333")]
    assert sum(split_hours(Decimal("278"), 43)) == Decimal("278")
    assert sum(split_hours(Decimal("278.4"), 43)) == Decimal("278.4")


def test_whole_months():
    assert whole_months(datetime.date(2025, 9, 1), datetime.date(2026, 9, 1)) == 12
    assert whole_months(datetime.date(2025, 9, 15), datetime.date(2026, 9, 14)) == 11


def test_worked_example_300_of_1000_hours_cuts_a_10000_price_to_at_most_8500(scan_world):
    enrolment = scan_world["enrolment"]
    enrolment.agreed_price = Decimal("10000")
    enrolment.save()
    enrolment.standard_version.max_funding = 10000  # the DfE example's band
    enrolment.standard_version.save()
    # 5 KSBs at 200 hours; K1 recognised in full (200) and S1 in half (100): 300 of 1,000 hours.
    scan = locked_baseline(scan_world, {"K1": ("full", None), "S1": ("part", Decimal("50"))})
    plan = create_plan_from_baseline(
        scan=scan, actor=scan_world["provider_admin"], required_hours=Decimal("1000")
    )
    items = list(plan.items.select_related("ksb"))
    assert [i.planned_hours for i in items] == [Decimal("200")] * 5
    outcome = plan_outcome(plan, items)
    assert outcome.prior_learning_hours == Decimal("300")
    assert outcome.prior_learning_percent == Decimal("30.00")
    assert outcome.minimum_price_reduction_percent == Decimal("15")
    assert outcome.minimum_price_reduction == Decimal("1500.00")
    assert outcome.maximum_price == Decimal("8500.00")


def test_worked_example_14_of_509_hours(scan_world):
    scan = locked_baseline(scan_world, {"B1": ("full", None)})
    plan = create_plan_from_baseline(
        scan=scan, actor=scan_world["provider_admin"], required_hours=Decimal("509")
    )
    items = {i.ksb.code: i for i in plan.items.select_related("ksb")}
    hours = {items["K1"].ksb_id: Decimal("200"), items["K2"].ksb_id: Decimal("150"),
             items["S1"].ksb_id: Decimal("100"), items["S2"].ksb_id: Decimal("45"), items["B1"].ksb_id: Decimal("14")}  # fmt: skip
    update_plan_items(plan=plan, actor=scan_world["assessor"], hours=hours, activities={}, modules={})
    outcome = plan_outcome(plan, list(plan.items.all()))
    assert outcome.prior_learning_hours == Decimal("14")
    assert outcome.prior_learning_percent == Decimal("2.75")
    assert outcome.minimum_price_reduction_percent == Decimal("1.375")


def test_planned_hours_must_add_up(scan_world):
    scan = locked_baseline(scan_world, {})
    plan = create_plan_from_baseline(
        scan=scan, actor=scan_world["provider_admin"], required_hours=Decimal("500")
    )
    k1 = plan.items.get(ksb__kind="K", ksb__number=1)
    with pytest.raises(ValidationError, match="add up to 510; they must add up to 500"):
        update_plan_items(plan=plan, actor=scan_world["provider_admin"], hours={k1.ksb_id: Decimal("110")},
                          activities={}, modules={})  # fmt: skip


def test_default_hours_follow_the_funding_rules(scan_world):
    enrolment = scan_world["enrolment"]
    enrolment.start_date, enrolment.planned_end_date = datetime.date(2025, 3, 3), datetime.date(2026, 3, 3)
    enrolment.funding_rule_set = type(enrolment.funding_rule_set).objects.get(
        name="Starts 1 August 2022 to 31 July 2025"
    )
    enrolment.weekly_hours = Decimal("37")
    assert default_required_hours(enrolment) == Decimal("278")


def test_plan_is_built_only_from_a_locked_baseline_by_the_provider(scan_world):
    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    with pytest.raises(ValidationError, match="locked baseline"):
        create_plan_from_baseline(
            scan=scan, actor=scan_world["provider_admin"], required_hours=Decimal("100")
        )
    SkillsScan.objects.filter(pk=scan.pk).delete()  # start again with a locked one
    locked = locked_baseline(scan_world, {})
    with pytest.raises(PermissionDenied):
        create_plan_from_baseline(scan=locked, actor=scan_world["learner"], required_hours=Decimal("100"))


def test_recognised_prior_learning_is_left_out_and_gaps_come_first(scan_world):
    scan = locked_baseline(scan_world, {"K1": ("full", None)})
    plan = create_plan_from_baseline(
        scan=scan, actor=scan_world["provider_admin"], required_hours=Decimal("100")
    )
    items = list(plan.items.select_related("ksb").prefetch_related("ksb__duties"))
    codes = [i.ksb.code for group in items_by_duty(items) for i in group.items]
    assert "K1" not in codes
    assert codes == ["K2", "S1", "S2", "B1"]
    assert all(i.gap == 3 for i in items)  # the assessor's rating (1) stands: 4 − 1


def test_signing_agrees_the_plan_and_a_change_is_a_new_version(scan_world):
    scan = locked_baseline(scan_world, {})
    plan = create_plan_from_baseline(
        scan=scan, actor=scan_world["provider_admin"], required_hours=Decimal("100")
    )
    with pytest.raises(ValidationError, match="not waiting for signatures"):
        sign_plan(plan=plan, actor=scan_world["learner"])
    plan_with_activities(plan, scan_world["provider_admin"])
    send_plan_for_signing(plan=plan, actor=scan_world["provider_admin"])
    for who in ("learner", "line_manager", "provider_admin"):
        sign_plan(plan=plan, actor=scan_world[who])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    assert {s.content_hash for s in plan.signatures.all()} == {plan_content_hash(plan)}
    with pytest.raises(ValidationError, match="no longer a draft"):
        update_plan_items(plan=plan, actor=scan_world["provider_admin"], hours={}, activities={}, modules={})
    new = revise_plan(plan=plan, actor=scan_world["provider_admin"], reason="Moved to the courts team")
    assert new.version == 2 and new.items.count() == 5
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
