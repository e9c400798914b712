"""The funding arithmetic, against the worked examples in DOMAIN.md and each rule a plan can break."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.funding.calculations import (
    add_months,
    check_plan,
    maximum_price,
    minimum_price_reduction_percent,
    plain_number,
    prior_learning_percent,
)
from ksbtracker.funding.models import FundingRuleSet
from tests.factories import StandardVersionFactory

pytestmark = pytest.mark.django_db

BEFORE_AUGUST_2025 = datetime.date(2024, 9, 2)
FROM_AUGUST_2025 = datetime.date(2025, 9, 1)


@pytest.fixture
def old_rules():
    return rule_set_for_start(BEFORE_AUGUST_2025)


@pytest.fixture
def new_rules():
    return rule_set_for_start(FROM_AUGUST_2025)


def test_dfe_example_300_of_1000_hours_cuts_a_10000_price_to_at_most_8500(new_rules):
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=12,
        planned_hours=Decimal(1000),
        prior_learning_hours=Decimal(300),
        price=Decimal(10000),
    )
    assert plan.prior_learning_percent == Decimal("30.00")
    assert plan.minimum_price_reduction_percent == Decimal("15")
    assert plan.maximum_price == Decimal("8500.00")
    assert plan.hours_after_prior_learning == Decimal(700)
    assert plan.duration_reduction_weeks == 15  # 52 × 30% = 15.6, rounded down
    assert plan.planned_end_date == datetime.date(2026, 9, 1)
    assert plan.new_planned_end_date == datetime.date(2026, 5, 19)
    assert plan.problems == []


def test_14_of_509_hours_is_2_75_percent_and_a_cut_of_at_least_1_375_percent(new_rules):
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=12,
        planned_hours=Decimal(509),
        prior_learning_hours=Decimal(14),
    )
    assert plan.prior_learning_percent == Decimal("2.75")
    assert plan.minimum_price_reduction_percent == Decimal("1.375")  # not rounded to 1.38
    assert plan.price is None and plan.maximum_price is None


def test_the_percentage_functions_on_their_own(new_rules):
    percent = prior_learning_percent(prior_learning_hours=Decimal(14), planned_hours=Decimal(509))
    assert percent == Decimal("2.75")
    assert minimum_price_reduction_percent(rule_set=new_rules, prior_learning_percent=percent) == Decimal(
        "1.375"
    )
    assert maximum_price(price=Decimal(10000), reduction_percent=Decimal("1.375")) == Decimal("9862.50")
    assert prior_learning_percent(prior_learning_hours=Decimal(0), planned_hours=Decimal(0)) == 0


@pytest.mark.parametrize(
    ("weekly_hours", "months", "exact", "minimum"),
    [
        (Decimal(37), 12, Decimal("278.4"), 278),  # (52 − 5.6) × 6, full time capped at 30 hours
        (Decimal(30), 12, Decimal("278.4"), 278),
        (Decimal(20), 12, Decimal("185.6"), 185),  # (52 − 5.6) × 4, part time
        (Decimal("37.5"), 18, Decimal("417.6"), 417),  # (78 − 8.4) × 6
    ],
)
def test_before_august_2025_the_minimum_is_20_percent_of_hours_less_leave(
    old_rules, weekly_hours, months, exact, minimum
):
    plan = check_plan(
        rule_set=old_rules, start_date=BEFORE_AUGUST_2025, months=months, weekly_hours=weekly_hours
    )
    assert plan.rule_set == "Starts before 1 August 2025"
    assert plan.otj_minimum_hours_exact == exact
    assert plan.otj_minimum_hours == minimum
    assert plan.planned_hours == minimum  # planned hours default to the minimum
    assert plan.problems == []


def test_the_working_is_written_out_as_dfe_writes_it(old_rules):
    plan = check_plan(rule_set=old_rules, start_date=BEFORE_AUGUST_2025, months=12, weekly_hours=Decimal(37))
    assert "(52 weeks on programme − 5.6 weeks' statutory leave) × 6 = 278.4" in plan.otj_minimum_working
    assert "counting at most 30" in plan.otj_minimum_working
    assert plan.otj_minimum_working.endswith("rounded down to 278 hours.")


def test_from_august_2025_the_minimum_is_the_standards_published_hours(new_rules):
    standard = StandardVersionFactory(otj_minimum_hours=400, reference_number="ST0648", version="1.0")
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=12,
        weekly_hours=Decimal(37),  # no longer counts
        standard_version=standard,
    )
    assert plan.otj_minimum_hours == 400
    assert plan.planned_hours == 400
    assert plan.standard == "ST0648 version 1.0"
    assert "published minimum for ST0648 version 1.0" in plan.otj_minimum_working


def test_from_august_2025_with_no_published_minimum_the_planned_hours_are_used(new_rules):
    standard = StandardVersionFactory(otj_minimum_hours=None)
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=12,
        planned_hours=Decimal(509),
        standard_version=standard,
    )
    assert plan.otj_minimum_hours == 509
    assert "publishes no minimum" in plan.otj_minimum_working


def test_a_plan_with_no_figure_to_set_the_minimum_is_a_clear_error(old_rules, new_rules):
    with pytest.raises(ValidationError) as no_hours:
        check_plan(rule_set=new_rules, start_date=FROM_AUGUST_2025, months=12)
    assert "Enter the planned OTJ hours" in no_hours.value.message_dict["planned_hours"][0]
    with pytest.raises(ValidationError) as no_weekly_hours:
        check_plan(rule_set=old_rules, start_date=BEFORE_AUGUST_2025, months=12)
    assert "Enter the contracted weekly hours" in no_weekly_hours.value.message_dict["weekly_hours"][0]


def test_negative_figures_are_refused_by_name(new_rules):
    with pytest.raises(ValidationError) as error:
        check_plan(
            rule_set=new_rules,
            start_date=FROM_AUGUST_2025,
            months=0,
            planned_hours=Decimal(-1),
            price=Decimal(-5),
        )
    assert set(error.value.message_dict) == {"months", "planned_hours", "price"}


@pytest.mark.parametrize(("months", "breaks"), [(11, True), (12, False)])
def test_before_august_2025_a_plan_needs_12_months(old_rules, months, breaks):
    plan = check_plan(
        rule_set=old_rules, start_date=BEFORE_AUGUST_2025, months=months, weekly_hours=Decimal(37)
    )
    expected = f"The plan is {months} months long; funding needs at least 12 months. Plan a longer duration."
    assert (expected in plan.problems) is breaks


@pytest.mark.parametrize(("months", "breaks"), [(7, True), (8, False)])
def test_from_august_2025_a_plan_needs_8_months(new_rules, months, breaks):
    plan = check_plan(
        rule_set=new_rules, start_date=FROM_AUGUST_2025, months=months, planned_hours=Decimal(400)
    )
    assert any("funding needs at least 8 months" in p for p in plan.problems) is breaks


def test_after_prior_learning_187_hours_must_remain(new_rules):
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=24,
        planned_hours=Decimal(400),
        prior_learning_hours=Decimal(250),
    )
    assert plan.hours_after_prior_learning == 150
    assert plan.problems == [
        "After prior learning only 150 OTJ hours remain; funding needs at least 187. "
        "Recognise less prior learning or plan more hours."
    ]


def test_187_hours_remaining_is_enough(new_rules):
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=24,
        planned_hours=Decimal(400),
        prior_learning_hours=Decimal(213),
    )
    assert plan.hours_after_prior_learning == 187
    assert plan.problems == []


def test_after_prior_learning_the_duration_must_stay_above_the_minimum(new_rules):
    # 9 months is 39 weeks; 50% prior learning cuts 19 weeks, ending before 8 months are up.
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=9,
        planned_hours=Decimal(600),
        prior_learning_hours=Decimal(300),
    )
    assert plan.duration_reduction_weeks == 19
    assert plan.new_planned_end_date == datetime.date(2026, 1, 19)
    assert plan.problems == [
        "After prior learning the plan ends on 19 January 2026, 19 weeks earlier; funding needs at least "
        "8 months (to 1 May 2026). Recognise less prior learning or plan a longer duration."
    ]


def test_before_august_2025_any_cut_to_a_12_month_plan_breaks_the_minimum(old_rules):
    plan = check_plan(
        rule_set=old_rules,
        start_date=BEFORE_AUGUST_2025,
        months=12,
        weekly_hours=Decimal(37),
        prior_learning_hours=Decimal(30),
    )
    assert plan.duration_reduction_weeks == 5  # 52 × 30 ÷ 278
    assert len(plan.problems) == 1
    assert "funding needs at least 12 months" in plan.problems[0]


def test_planned_hours_below_the_minimum(old_rules):
    plan = check_plan(
        rule_set=old_rules,
        start_date=BEFORE_AUGUST_2025,
        months=12,
        weekly_hours=Decimal(37),
        planned_hours=Decimal(250),
    )
    assert plan.problems == [
        "Only 250 OTJ hours are planned; funding needs at least 278. Plan more off-the-job training hours."
    ]


def test_prior_learning_more_than_the_planned_hours(new_rules):
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=12,
        planned_hours=Decimal(300),
        prior_learning_hours=Decimal(400),
    )
    assert plan.problems == [
        "Prior learning of 400 hours is more than the 300 OTJ hours planned without it. Check both figures: "
        "prior learning can only take hours out of the plan."
    ]


def test_a_price_above_the_funding_band_warns_that_the_employer_pays_the_difference(new_rules):
    standard = StandardVersionFactory(
        reference_number="ST0648", version="1.0", max_funding=9000, otj_minimum_hours=400
    )
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=12,
        price=Decimal(9500),
        standard_version=standard,
    )
    assert plan.problems == [
        "The price, £9,500.00, is above the funding band maximum for ST0648 version 1.0 (£9,000). Funding pays "
        "no more than £9,000: the employer must pay the £500.00 difference. Agree this with the employer or "
        "lower the price."
    ]


def test_a_price_brought_within_the_band_by_prior_learning_is_not_a_problem(new_rules):
    standard = StandardVersionFactory(max_funding=9000, otj_minimum_hours=1000)
    plan = check_plan(
        rule_set=new_rules,
        start_date=FROM_AUGUST_2025,
        months=12,
        prior_learning_hours=Decimal(300),
        price=Decimal(10000),
        standard_version=standard,
    )
    assert plan.maximum_price == Decimal("8500.00")
    assert plan.problems == []


def test_next_years_rules_are_data_not_code():
    rules_2027 = FundingRuleSet.objects.create(
        name="Starts from 1 August 2027",
        effective_from=datetime.date(2027, 8, 1),
        minimum_duration_months=6,
        otj_basis="share_of_hours",
        otj_share_of_hours=Decimal("0.1"),
        otj_weekly_hours_cap=None,
        statutory_leave_weeks_per_year=Decimal("6"),
        minimum_otj_hours_after_prior_learning=100,
        review_interval_unit="weeks",
        review_interval=10,
        minimum_price_reduction_share=Decimal("0.6"),
    )
    start = datetime.date(2027, 9, 1)
    plan = check_plan(
        rule_set=rule_set_for_start(start),
        start_date=start,
        months=6,
        weekly_hours=Decimal(40),
        prior_learning_hours=Decimal(10),
        price=Decimal(1000),
    )
    assert plan.rule_set == rules_2027.name
    assert plan.otj_minimum_hours_exact == Decimal(92)  # (52 − 6) × 6 ÷ 12 × 4, no cap
    assert plan.prior_learning_percent == Decimal("10.87")
    assert plan.minimum_price_reduction_percent == Decimal("6.522")
    assert plan.maximum_price == Decimal("934.78")
    assert plan.problems == [
        "After prior learning only 82 OTJ hours remain; funding needs at least 100. "
        "Recognise less prior learning or plan more hours."
    ]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (datetime.date(2025, 9, 1), 12, datetime.date(2026, 9, 1)),
        (datetime.date(2025, 8, 31), 6, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
    ],
)
def test_planned_end_dates_are_calendar_months_later(start, months, end):
    assert add_months(start, months) == end


def test_figures_are_written_for_people():
    assert plain_number(Decimal("278.40")) == "278.4"
    assert plain_number(1000) == "1,000"
    assert plain_number(Decimal("1.375"), places=None) == "1.375"
