"""Enrolments on the wrong funding rules are moved to the right ones, audited; signed plans say what differs."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from ksbtracker.audit.models import AuditEvent
from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.funding.models import FundingRuleSet, RuleSetCorrection
from ksbtracker.plans.models import TrainingPlan
from ksbtracker.plans.selectors import plan_items, plan_outcome, rules_correction_note
from ksbtracker.plans.services import create_plan_from_baseline
from tests.factories import EnrolmentFactory
from tests.plans.test_services import locked_baseline

pytestmark = pytest.mark.django_db

migration = importlib.import_module("ksbtracker.funding.migrations.0005_four_rule_sets_by_start_date")

OLD_BEFORE_AUGUST_2025 = {
    "name": "Starts before 1 August 2025", "effective_from": "2017-05-01", "effective_to": None,
    "calculation": "2022-25", "minimum_duration_months": 12, "part_time_threshold_hours": None,
    "otj_basis": "share_of_hours", "otj_share_of_hours": "0.2000", "otj_weekly_hours_cap": "30.00",
    "statutory_leave_weeks_per_year": "5.60", "minimum_otj_hours_after_prior_learning": None,
    "minimum_duration_months_after_prior_learning": 12, "review_interval_unit": "weeks", "review_interval": 12,
    "minimum_price_reduction_share": "0.500", "sources": {},
}  # fmt: skip


def put_back_the_old_rules():
    """The two rule sets held before: one 'before August 2025' set back to 2017, one from August 2025 on."""
    FundingRuleSet.objects.filter(
        effective_from__in=[datetime.date(2022, 8, 1), datetime.date(2026, 8, 1)]
    ).delete()
    old = {k: v for k, v in OLD_BEFORE_AUGUST_2025.items() if k not in ("effective_from", "sources")}
    FundingRuleSet.objects.filter(effective_from=datetime.date(2017, 5, 1)).update(**old)
    FundingRuleSet.objects.filter(effective_from=datetime.date(2025, 8, 1)).update(
        name="Starts from 1 August 2025", effective_to=None
    )
    return (
        FundingRuleSet.objects.get(effective_from=datetime.date(2017, 5, 1)),
        FundingRuleSet.objects.get(effective_from=datetime.date(2025, 8, 1)),
    )


def test_the_migration_moves_enrolments_to_the_rules_for_their_start_and_audits_it():
    before_2025, from_2025 = put_back_the_old_rules()
    start_2024 = EnrolmentFactory(start_date=datetime.date(2024, 9, 2), planned_end_date=datetime.date(2025, 9, 2),
                                  funding_rule_set=before_2025)  # fmt: skip
    start_2025 = EnrolmentFactory(start_date=datetime.date(2025, 9, 1), funding_rule_set=from_2025)
    start_2026 = EnrolmentFactory(start_date=datetime.date(2026, 9, 1), planned_end_date=datetime.date(2028, 9, 1),
                                  funding_rule_set=from_2025)  # fmt: skip

    migration.load(apps, None)

    for enrolment in (start_2024, start_2025, start_2026):
        enrolment.refresh_from_db()
    assert start_2024.funding_rule_set.name == "Starts 1 August 2022 to 31 July 2025"
    assert start_2025.funding_rule_set.name == "Starts 1 August 2025 to 31 July 2026"
    assert start_2026.funding_rule_set.name == "Starts from 1 August 2026"
    corrections = {c.enrolment_id: c for c in RuleSetCorrection.objects.all()}
    assert set(corrections) == {start_2024.pk, start_2026.pk}
    assert corrections[start_2024.pk].previous_rule_set_name == "Starts before 1 August 2025"
    assert corrections[start_2024.pk].previous_rules["otj_weekly_hours_cap"] == "30.00"
    events = AuditEvent.objects.filter(action="enrolment.funding_rules_corrected")
    assert {e.object_id for e in events} == {str(start_2024.pk), str(start_2026.pk)}
    event = events.get(object_id=str(start_2024.pk))
    assert event.actor is None and event.actor_label == "system"
    assert event.before == {"funding_rule_set": "Starts before 1 August 2025"}
    assert event.after["funding_rule_set"] == "Starts 1 August 2022 to 31 July 2025"


def signed_plan(world, *, weekly_hours):
    enrolment = world["enrolment"]
    enrolment.start_date, enrolment.planned_end_date = datetime.date(2024, 9, 2), datetime.date(2025, 9, 2)
    enrolment.weekly_hours = weekly_hours
    enrolment.funding_rule_set = rule_set_for_start(enrolment.start_date)
    enrolment.save()
    scan = locked_baseline(world, {})
    plan = create_plan_from_baseline(scan=scan, actor=world["provider_admin"], required_hours=Decimal("300"))
    TrainingPlan.objects.filter(pk=plan.pk).update(
        status="signed", signed_at=timezone.now() - datetime.timedelta(days=30)
    )
    RuleSetCorrection.objects.create(
        enrolment=enrolment, previous_rule_set_name="Starts before 1 August 2025",
        previous_rules=OLD_BEFORE_AUGUST_2025, rule_set=enrolment.funding_rule_set, reason="Rules by start date.",
    )  # fmt: skip
    return plan


def test_a_signed_plan_shows_the_figures_that_differ_under_the_corrected_rules(client, scan_world):
    plan = signed_plan(scan_world, weekly_hours=Decimal(20))
    items_before = list(plan.items.values_list("planned_hours", flat=True))
    client.force_login(scan_world["provider_admin"])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Funding rules corrected" in page
    assert "This plan was signed under “Starts before 1 August 2025”" in page
    assert "Figures that differ under the corrected rules" in page
    assert "Minimum duration, months" in page
    assert "funding needs at least 18 months (12 × 30 ÷ 20)" in page
    assert list(plan.items.values_list("planned_hours", flat=True)) == items_before
    plan.refresh_from_db()
    assert plan.status == "signed"


def test_a_full_time_signed_plan_differs_only_by_the_278_hour_floor(client, scan_world):
    plan = signed_plan(scan_world, weekly_hours=Decimal(37))
    client.force_login(scan_world["provider_admin"])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Funding rules corrected" in page
    assert "Minimum duration, months" not in page
    plan.refresh_from_db()
    items = plan_items(plan)
    note = rules_correction_note(plan, plan_outcome(plan, items))
    assert note.differences == [("OTJ hours needed after prior learning", "None", "278")]
