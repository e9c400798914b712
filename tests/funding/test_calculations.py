"""The funding arithmetic, against every worked example in DOMAIN.md and each rule a plan can break."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.funding.arithmetic import minimum_price_reduction
from ksbtracker.funding.calculations import add_months, check_plan, plain_number, prior_learning_percent
from ksbtracker.funding.models import FundingRuleSet
from tests.factories import PublishedOTJMinimumFactory, StandardVersionFactory

pytestmark = pytest.mark.django_db

D = Decimal
START_2017 = datetime.date(2020, 9, 1)
START_2022 = datetime.date(2025, 1, 6)
START_2025 = datetime.date(2025, 9, 1)
START_2026 = datetime.date(2026, 9, 1)


def check(start, **figures):
    return check_plan(rule_set=rule_set_for_start(start), start_date=start, **figures)


def rules_cited(plan) -> dict[str, str]:
    return {figure.label: figure.rule for figure in plan.figures}


# The skills scan and prior learning: the price rule ------------------------------------------------------


def test_dfe_example_300_of_1000_hours_takes_1500_off_a_10000_band():
    plan = check(
        START_2025, months=12, planned_hours=D(1000), prior_learning_hours=D(300), price=D(10000),
        band_maximum=D(10000),
    )  # fmt: skip
    assert plan.prior_learning_percent == D("30.00")
    assert plan.minimum_price_reduction_percent == D("15")
    assert plan.minimum_price_reduction == D("1500.00")
    assert plan.maximum_price == D("8500.00")
    assert plan.planned_hours_after_prior_learning == D(700)
    assert plan.problems == []


def test_14_of_509_hours_is_2_75_percent_and_a_cut_of_at_least_1_375_percent_of_the_band():
    plan = check(
        START_2025, months=12, planned_hours=D(509), prior_learning_hours=D(14), band_maximum=D(10000)
    )
    assert plan.prior_learning_percent == D("2.75")
    assert plan.minimum_price_reduction_percent == D("1.375")  # not rounded to 1.38
    assert plan.minimum_price_reduction == D("137.50")
    assert plan.price is None and plan.maximum_price is None


def test_a_price_below_the_band_is_cut_by_a_share_of_the_band_not_of_the_price():
    standard = StandardVersionFactory(reference_number="ST0494", version="1.1", max_funding=5000)
    plan = check(
        START_2025, months=12, planned_hours=D(600), prior_learning_hours=D(180), price=D(4000),
        standard_version=standard,
    )  # fmt: skip
    assert plan.funding_band_maximum == D(5000)
    assert plan.prior_learning_percent == D("30.00")
    assert plan.minimum_price_reduction == D("750.00")
    assert plan.maximum_price == D("3250.00")  # not £3,400
    assert "£5,000.00 band maximum × 30% × 50% = £750.00" in [f.working for f in plan.figures]


def test_a_price_above_the_band_is_funded_at_the_band_less_the_reduction():
    plan = check(
        START_2025, months=12, planned_hours=D(600), prior_learning_hours=D(180), price=D(6000),
        band_maximum=D(5000),
    )  # fmt: skip
    assert plan.maximum_price == D("4250.00")
    funded = next(f for f in plan.figures if f.label == "Most price that can be funded")
    assert "The £1,000.00 above the band is agreed with the employer outside the funding" in funded.working
    assert plan.problems == []


def test_no_hours_removed_means_no_price_reduction():
    plan = check(START_2025, months=12, planned_hours=D(600), price=D(4000), band_maximum=D(5000))
    assert plan.minimum_price_reduction == D("0.00")
    assert plan.maximum_price == D("4000.00")
    assert plan.duration_reduction_weeks == 0


def test_the_percentage_functions_on_their_own():
    percent = prior_learning_percent(prior_learning_hours=D(14), planned_hours=D(509))
    assert percent == D("2.75")
    assert minimum_price_reduction(band_maximum=D(10000), reduction_percent=percent / 2) == D("137.50")
    assert prior_learning_percent(prior_learning_hours=D(0), planned_hours=D(0)) == 0


def test_without_a_band_the_reduction_in_pounds_is_a_problem_to_fix():
    plan = check(START_2025, months=12, planned_hours=D(600), prior_learning_hours=D(60), price=D(4000))
    assert plan.minimum_price_reduction is None and plan.maximum_price is None
    assert any("The price reduction in pounds cannot be worked out" in p for p in plan.problems)


# Starts 1 August 2022 – 31 July 2025 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekly_hours", "months", "exact", "minimum"),
    [
        (D(37), 12, D("278.4"), 278),  # (52 − 5.6) × 6, full time counted up to 30 hours
        (D(30), 12, D("278.4"), 278),
        (D("37.5"), 18, D("417.6"), 418),  # 18 months → 418
        (D(20), 12, D("185.6"), 186),  # part time (52 − 5.6) × 4 = 185.6
    ],
)
def test_2022_to_2025_the_otj_minimum_is_6_hours_a_week_less_leave(weekly_hours, months, exact, minimum):
    plan = check(START_2022, months=months, weekly_hours=weekly_hours, planned_hours=D(500))
    assert plan.rule_set == "Starts 1 August 2022 to 31 July 2025"
    assert plan.otj_minimum_hours_exact == exact
    assert plan.otj_minimum_hours == minimum


def test_the_working_is_written_out_as_dfe_writes_it():
    plan = check(START_2022, months=12, weekly_hours=D(37))
    assert "(52 weeks on programme − 5.6 weeks' statutory leave) × 6 = 278.4" in plan.otj_minimum_working
    assert "counting at most 30" in plan.otj_minimum_working
    assert plan.otj_minimum_working.endswith("rounded to 278 hours.")


@pytest.mark.parametrize(("weekly_hours", "minimum_months"), [(D(20), 18), (D(15), 24), (D("37.5"), 12)])
def test_2022_to_2025_part_time_work_extends_the_minimum_duration(weekly_hours, minimum_months):
    plan = check(START_2022, months=12, weekly_hours=weekly_hours, planned_hours=D(300))
    assert plan.minimum_duration_months == minimum_months


def test_2022_to_2025_fifteen_hours_a_week_for_12_months_is_too_short():
    plan = check(START_2022, months=12, weekly_hours=D(15), planned_hours=D(300))
    assert plan.problems == [
        "The plan is 12 months long; with 15 contracted hours a week funding needs at least 24 months "
        "(12 × 30 ÷ 15). Plan a longer duration."
    ]
    assert rules_cited(plan)["Minimum duration"].startswith("Apprenticeship funding rules 2022 to 2025")


def test_2022_to_2025_a_12_month_plan_with_50_of_400_hours_recognised_is_fine():
    plan = check(
        START_2022, months=12, weekly_hours=D("37.5"), planned_hours=D(400), prior_learning_hours=D(50)
    )
    assert plan.duration_reduction_weeks == 0  # already at the 12-month minimum: it stays
    assert plan.new_planned_end_date == plan.planned_end_date == datetime.date(2026, 1, 6)
    assert plan.planned_hours_after_prior_learning == 350
    assert plan.problems == []


def test_2022_to_2025_the_learner_data_return_rejects_under_278_planned_hours():
    plan = check(START_2022, months=12, weekly_hours=D(20), planned_hours=D(250))
    assert plan.otj_minimum_hours == 186
    assert any("funding needs at least 278" in p and "PHours_06" in p for p in plan.problems)


def test_2022_to_2025_the_minimum_over_the_duration_left_still_applies():
    fine = check(START_2022, months=24, weekly_hours=D(37), planned_hours=D(600), prior_learning_hours=D(300))
    assert fine.duration_reduction_weeks == 52  # 104 weeks × 50%, down to the 12-month minimum exactly
    assert fine.problems == []
    short = check(
        START_2022, months=24, weekly_hours=D(37), planned_hours=D(600), prior_learning_hours=D(330)
    )
    assert short.duration_reduction_weeks == 52  # 57 in proportion, but never below 12 months
    assert short.problems == [
        "After prior learning only 270 OTJ hours remain; funding needs at least 278 (ILR validation rule "
        "PHours_06: the learner data return rejects fewer than 278 planned hours; the OTJ minimum over the 52 "
        "weeks left is 278). Recognise less prior learning or plan more hours."
    ]


# Starts 1 August 2025 – 31 July 2026 ----------------------------------------------------------------------


def test_2025_26_eight_months_with_10_of_200_hours_recognised_is_fine():
    plan = check(START_2025, months=8, planned_hours=D(200), prior_learning_hours=D(10))
    assert plan.rule_set == "Starts 1 August 2025 to 31 July 2026"
    assert plan.duration_reduction_weeks == 0  # never below the 8-month minimum
    assert plan.planned_hours_after_prior_learning == 190
    assert plan.problems == []


@pytest.mark.parametrize(("months", "breaks"), [(7, True), (8, False)])
def test_2025_26_a_plan_needs_8_months_with_no_part_time_extension(months, breaks):
    plan = check(START_2025, months=months, weekly_hours=D(15), planned_hours=D(400))
    assert plan.minimum_duration_months == 8
    assert ("The plan is 7 months long; funding needs at least 8 months. Plan a longer duration." in
            plan.problems) is breaks  # fmt: skip


def test_2025_26_the_minimum_is_the_standards_published_figure_for_the_start_date():
    standard = StandardVersionFactory(reference_number="ST0494", version="1.1")
    PublishedOTJMinimumFactory.for_standard(
        standard, 300, effective_to=datetime.date(2025, 12, 31), source="Transitional annex"
    )
    PublishedOTJMinimumFactory.for_standard(standard, 350, effective_from=datetime.date(2026, 1, 1))
    autumn = check(START_2025, months=18, standard_version=standard)
    spring = check(datetime.date(2026, 2, 2), months=18, standard_version=standard)
    assert (autumn.otj_minimum_hours, spring.otj_minimum_hours) == (300, 350)
    assert autumn.planned_hours == 300
    assert "Transitional annex" in autumn.otj_minimum_working


def test_2025_26_eighteen_months_of_100_hours_breaks_the_published_minimum_and_the_floor():
    standard = StandardVersionFactory(reference_number="ST0494", version="1.1")
    PublishedOTJMinimumFactory.for_standard(standard, 300)
    plan = check(START_2025, months=18, planned_hours=D(100), standard_version=standard)
    assert plan.problems == [
        "Only 100 OTJ hours are planned; funding needs at least 300. Plan more off-the-job training hours.",
        "Only 100 OTJ hours are planned; funding needs at least 187 (ILR validation rule PHours_08: the "
        "learner data return rejects fewer than 187 planned hours). Plan more hours.",
    ]


def test_2025_26_with_no_published_figure_recorded_the_plan_says_so():
    standard = StandardVersionFactory(reference_number="ST0494", version="1.1")
    plan = check(START_2025, months=18, planned_hours=D(100), standard_version=standard)
    assert plan.otj_minimum_hours is None
    assert plan.problems[0] == (
        "No published minimum OTJ hours are recorded for ST0494 version 1.1 for a start on 1 September 2025. "
        "A provider admin must record the published figure (Funding, published OTJ minimums) before the plan "
        "can be checked against it."
    )
    assert "funding needs at least 187" in plan.problems[1]


def test_2025_26_the_187_floor_applies_without_prior_learning_too():
    plan = check(START_2025, months=12, planned_hours=D(150))
    assert len(plan.problems) == 1 and "funding needs at least 187" in plan.problems[0]


@pytest.mark.parametrize(("prior", "left", "breaks"), [(D(250), 150, True), (D(213), 187, False)])
def test_2025_26_after_prior_learning_187_hours_must_remain(prior, left, breaks):
    plan = check(START_2025, months=24, planned_hours=D(400), prior_learning_hours=prior)
    assert plan.planned_hours_after_prior_learning == left
    assert bool(plan.problems) is breaks


def test_2025_26_prior_learning_cuts_the_duration_but_never_below_8_months():
    plan = check(START_2025, months=9, planned_hours=D(600), prior_learning_hours=D(300))
    assert plan.duration_reduction_weeks == 4  # 19.5 in proportion, but 39 − 34.67 weeks is the room
    assert plan.new_planned_end_date >= add_months(START_2025, 8)
    assert plan.problems == []


def test_dfe_example_cuts_a_12_month_plan_by_15_weeks():
    plan = check(START_2025, months=12, planned_hours=D(1000), prior_learning_hours=D(300))
    assert plan.duration_reduction_weeks == 15  # 52 × 30% = 15.6, rounded down
    assert plan.new_planned_end_date == datetime.date(2026, 5, 19)


def test_prior_learning_more_than_the_planned_hours():
    plan = check(START_2025, months=12, planned_hours=D(300), prior_learning_hours=D(400))
    assert plan.problems[0] == (
        "Prior learning of 400 hours is more than the 300 OTJ hours planned without it. Check both figures: "
        "prior learning can only take hours out of the plan."
    )


# Starts 1 May 2017 – 31 July 2022 and from 1 August 2026 ----------------------------------------------


def test_2017_to_2022_leaves_the_price_rule_and_review_interval_not_modelled():
    plan = check(START_2017, months=12, weekly_hours=D(37), planned_hours=D(500), prior_learning_hours=D(40),
                 price=D(9000), band_maximum=D(9000))  # fmt: skip
    assert plan.rule_set == "Starts 1 May 2017 to 31 July 2022"
    assert plan.otj_minimum_hours_exact == D("384.8")  # 20% of 37 hours × 52 weeks, leave not modelled
    assert plan.minimum_price_reduction_percent is None and plan.minimum_price_reduction is None
    values = {f.label: f.value for f in plan.figures}
    assert values["Least price reduction"].startswith("Not modelled")
    assert values["Progress reviews"].startswith("Not modelled")
    assert plan.problems == []


def test_from_august_2026_the_2026_27_rules_apply():
    standard = StandardVersionFactory(reference_number="ST0648", version="1.0", max_funding=21000)
    PublishedOTJMinimumFactory.for_standard(standard, 500)
    plan = check(START_2026, months=24, planned_hours=D(800), prior_learning_hours=D(80), price=D(21000),
                 standard_version=standard)  # fmt: skip
    assert plan.rule_set == "Starts from 1 August 2026"
    assert plan.rule_set_code == "2026-27"
    assert plan.otj_minimum_hours == 500
    assert plan.minimum_price_reduction == D("1050.00")  # 21,000 × 10% × 50%
    assert plan.maximum_price == D("19950.00")
    assert "rule 35.2" in rules_cited(plan)["Least price reduction"]


def test_every_figure_names_its_rule():
    plan = check(START_2025, months=12, planned_hours=D(600), prior_learning_hours=D(180), price=D(4000),
                 band_maximum=D(5000))  # fmt: skip
    cited = rules_cited(plan)
    assert cited["Least price reduction in pounds"] == "rule 35.2 (2025 to 2026)"
    assert cited["OTJ hours after prior learning"] == "ILR validation rule PHours_08"
    assert all(rule for rule in cited.values())


def test_a_plan_with_no_figure_to_set_the_minimum_is_a_clear_error():
    standard = StandardVersionFactory()
    with pytest.raises(ValidationError) as no_hours:
        check(START_2025, months=12, standard_version=standard)
    assert "Enter the planned OTJ hours" in no_hours.value.message_dict["planned_hours"][0]
    with pytest.raises(ValidationError) as no_weekly_hours:
        check(START_2022, months=12)
    assert "Enter the contracted weekly hours" in no_weekly_hours.value.message_dict["weekly_hours"][0]


def test_negative_figures_are_refused_by_name():
    with pytest.raises(ValidationError) as error:
        check(START_2025, months=0, planned_hours=D(-1), price=D(-5))
    assert set(error.value.message_dict) == {"months", "planned_hours", "price"}


def test_next_years_rules_are_data_not_code():
    FundingRuleSet.objects.create(
        name="Starts from 1 August 2027", effective_from=datetime.date(2027, 8, 1), calculation="2022-25",
        minimum_duration_months=6, otj_basis="share_of_hours", otj_share_of_hours=D("0.1"),
        statutory_leave_weeks_per_year=D("6"), minimum_otj_hours_after_prior_learning=100,
        review_interval_unit="weeks", review_interval=10, minimum_price_reduction_share=D("0.6"),
    )  # fmt: skip
    plan = check(datetime.date(2027, 9, 1), months=6, weekly_hours=D(40), prior_learning_hours=D(10),
                 price=D(1000), band_maximum=D(1000))  # fmt: skip
    assert plan.rule_set == "Starts from 1 August 2027"
    assert plan.otj_minimum_hours_exact == D(92)  # (52 − 6) × 26 weeks × 4 ÷ 52, no cap
    assert plan.prior_learning_percent == D("10.87")
    assert plan.minimum_price_reduction_percent == D("6.522")
    assert plan.maximum_price == D("934.78")
    assert any("funding needs at least 100" in p for p in plan.problems)


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
    assert plain_number(D("278.40")) == "278.4"
    assert plain_number(1000) == "1,000"
    assert plain_number(D("1.375"), places=None) == "1.375"
