"""``ksbtracker plan-check`` and ``ksbtracker next-review``: JSON and dates out, one-line errors for bad input."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ksbtracker.cli import main
from tests.factories import PublishedOTJMinimumFactory, StandardVersionFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def plan_check(*args) -> dict:
    return json.loads(run("plan_check", *args))


def test_plan_check_prints_the_dfe_example_as_json():
    result = plan_check(
        "--start", "2025-09-01", "--months", "12", "--planned-hours", "1000", "--prior-learning-hours", "300",
        "--price", "10000", "--band-maximum", "10000",
    )  # fmt: skip
    assert result["rule_set"] == "Starts 1 August 2025 to 31 July 2026"
    assert result["prior_learning_percent"] == 30
    assert result["minimum_price_reduction_percent"] == 15
    assert result["funding_band_maximum"] == 10000
    assert result["minimum_price_reduction"] == 1500
    assert result["maximum_price"] == 8500
    assert result["planned_hours_after_prior_learning"] == 700
    assert result["duration_reduction_weeks"] == 15
    assert result["start_date"] == "2025-09-01"
    assert result["new_planned_end_date"] == "2026-05-19"
    assert result["minimum_duration_months"] == 8
    assert result["problems"] == []


def test_plan_check_keeps_the_unrounded_percentages():
    result = plan_check(
        "--start", "2025-09-01", "--months", "12", "--planned-hours", "509", "--prior-learning-hours", "14",
        "--band-maximum", "10000",
    )  # fmt: skip
    assert result["prior_learning_percent"] == 2.75
    assert result["minimum_price_reduction_percent"] == 1.375
    assert result["minimum_price_reduction"] == 137.5


def test_plan_check_takes_the_reduction_from_the_standards_band_not_the_price():
    StandardVersionFactory(reference_number="ST0494", version="1.1", max_funding=5000)
    result = plan_check(
        "--start", "2025-09-01", "--months", "12", "--standard", "ST0494", "--version", "1.1",
        "--price", "4000", "--planned-hours", "600", "--prior-learning-hours", "180",
    )  # fmt: skip
    assert result["funding_band_maximum"] == 5000
    assert result["minimum_price_reduction"] == 750
    assert result["maximum_price"] == 3250


def test_plan_check_funds_a_price_above_the_band_at_the_band_less_the_reduction():
    result = plan_check(
        "--start", "2025-09-01", "--months", "12", "--band-maximum", "5000", "--price", "6000",
        "--planned-hours", "600", "--prior-learning-hours", "180",
    )  # fmt: skip
    assert result["maximum_price"] == 4250


@pytest.mark.parametrize(
    ("weekly_hours", "months", "exact", "minimum"),
    [("37", "12", 278.4, 278), ("37.5", "18", 417.6, 418), ("20", "12", 185.6, 186)],
)
def test_plan_check_2022_to_2025_otj_minimums(weekly_hours, months, exact, minimum):
    result = plan_check("--start", "2024-09-02", "--months", months, "--weekly-hours", weekly_hours)
    assert result["rule_set"] == "Starts 1 August 2022 to 31 July 2025"
    assert result["otj_minimum_hours_exact"] == exact
    assert result["otj_minimum_hours"] == minimum


def test_plan_check_eight_months_with_10_of_200_recognised_has_no_problem():
    result = plan_check(
        "--start", "2025-09-01", "--months", "8", "--planned-hours", "200", "--prior-learning-hours", "10"
    )
    assert result["duration_reduction_weeks"] == 0
    assert result["planned_hours_after_prior_learning"] == 190
    assert result["problems"] == []


def test_plan_check_a_12_month_plan_stays_at_its_minimum_with_350_of_400_hours():
    result = plan_check(
        "--start", "2025-01-06", "--months", "12", "--weekly-hours", "37.5", "--planned-hours", "400",
        "--prior-learning-hours", "50",
    )  # fmt: skip
    assert result["otj_minimum_hours"] == 278
    assert result["duration_reduction_weeks"] == 0
    assert result["problems"] == []


def test_plan_check_extends_the_minimum_duration_for_part_time_before_august_2025():
    result = plan_check(
        "--start", "2025-01-06", "--months", "12", "--weekly-hours", "15", "--planned-hours", "300"
    )
    assert result["minimum_duration_months"] == 24
    assert result["problems"] == [
        "The plan is 12 months long; with 15 contracted hours a week funding needs at least 24 months "
        "(12 × 30 ÷ 15). Plan a longer duration."
    ]


def test_plan_check_says_when_no_published_minimum_is_recorded():
    StandardVersionFactory(reference_number="ST0494", version="1.1")
    result = plan_check(
        "--start", "2025-09-01", "--months", "18", "--standard", "ST0494", "--version", "1.1",
        "--planned-hours", "100",
    )  # fmt: skip
    assert result["otj_minimum_hours"] is None
    assert "No published minimum OTJ hours are recorded for ST0494 version 1.1" in result["problems"][0]
    assert "funding needs at least 187" in result["problems"][1]


def test_plan_check_uses_the_published_minimum_for_the_start_date():
    standard = StandardVersionFactory(reference_number="ST0494", version="1.1")
    PublishedOTJMinimumFactory.for_standard(standard, 300)
    result = plan_check(
        "--start", "2025-09-01", "--months", "18", "--standard", "ST0494", "--version", "1.1",
        "--planned-hours", "100",
    )  # fmt: skip
    assert result["otj_minimum_hours"] == 300
    assert result["problems"][0].startswith("Only 100 OTJ hours are planned; funding needs at least 300.")
    labels = {figure["label"]: figure["rule"] for figure in result["figures"]}
    assert "published minimum" in labels["OTJ minimum"]


def test_plan_check_names_the_2026_27_rules_for_starts_from_august_2026():
    result = plan_check("--start", "2026-09-01", "--months", "12", "--planned-hours", "400")
    assert result["rule_set"] == "Starts from 1 August 2026"
    assert result["rule_set_code"] == "2026-27"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "1/9/2025", "--months", "12"], "--start must be a real date written YYYY-MM-DD"),
        (["--start", "2025-02-30", "--months", "12"], "--start must be a real date"),
        (["--start", "2025-09-01", "--months", "twelve"], "--months must be a whole number"),
        (
            ["--start", "2025-09-01", "--months", "12", "--planned-hours", "-5"],
            "--planned-hours must be 0 or more",
        ),
        (["--start", "2025-09-01", "--months", "12", "--price", "lots"], "--price must be a number"),
        (
            ["--start", "2025-09-01", "--months", "12", "--standard", "ST0001", "--version", "9.9"],
            "No standard ST0001 version 9.9 is stored",
        ),
        (
            ["--start", "2025-09-01", "--months", "12", "--standard", "ST0001"],
            "Give both --standard and --version",
        ),
        (
            ["--start", "2025-09-01", "--months", "12", "--band-maximum", "x"],
            "--band-maximum must be a number",
        ),
        (["--start", "2024-09-01", "--months", "12"], "Enter the contracted weekly hours"),
        (
            ["--start", "2001-01-01", "--months", "12", "--weekly-hours", "30"],
            "No funding rules cover a start on",
        ),
    ],
)
def test_plan_check_bad_input_is_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        run("plan_check", *args)


def test_from_the_console_bad_input_is_one_line_on_stderr_and_a_non_zero_exit(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ksbtracker", "plan-check", "--start", "2025-13-01", "--months", "12"])
    assert exit_.value.code != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().count("\n") == 0
    assert "Traceback" not in captured.err
    assert "--start must be a real date" in captured.err


def test_next_review_prints_the_due_date_alone_on_the_last_line():
    output = run("next_review", "--start", "2025-08-01", "--last-review", "2025-08-01")
    lines = output.strip().splitlines()
    assert "Starts 1 August 2025 to 31 July 2026" in lines[0]
    assert lines[-1] == "2025-11-30"


def test_next_review_before_august_2025_is_12_weeks_on():
    output = run("next_review", "--start", "2024-09-02", "--last-review", "2024-12-20")
    assert "Starts 1 August 2022 to 31 July 2025" in output
    assert output.strip().splitlines()[-1] == "2025-03-14"


def test_next_review_follows_an_agreed_frequency():
    output = run(
        "next_review",
        "--start",
        "2025-08-01",
        "--last-review",
        "2025-08-01",
        "--every",
        "8",
        "--unit",
        "weeks",
    )
    assert "agreed with the employer" in output
    assert output.strip().splitlines()[-1] == "2025-09-26"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2025-08-01", "--last-review", "tomorrow"], "--last-review must be a real date"),
        (["--start", "2025-08-01", "--last-review", "2025-07-01"], "--last-review cannot be before --start"),
        (
            ["--start", "2025-08-01", "--last-review", "2025-08-01", "--every", "8"],
            "Give both --every and --unit",
        ),
        (
            ["--start", "2025-08-01", "--last-review", "2025-08-01", "--every", "8", "--unit", "days"],
            "--unit must be",
        ),
        (
            ["--start", "2025-08-01", "--last-review", "2025-08-01", "--every", "0", "--unit", "weeks"],
            "--every must be 1 or more",
        ),
    ],
)
def test_next_review_bad_input_is_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        run("next_review", *args)


def test_plan_check_no_hours_removed_needs_no_price_reduction():
    result = plan_check(
        "--start", "2025-09-01", "--months", "12", "--planned-hours", "600", "--price", "4000",
        "--band-maximum", "5000",
    )  # fmt: skip
    assert result["minimum_price_reduction"] == 0
    assert result["maximum_price"] == 4000
    assert result["problems"] == []


def test_plan_check_20_hours_a_week_needs_18_months_before_august_2025():
    result = plan_check(
        "--start", "2024-09-02", "--months", "18", "--weekly-hours", "20", "--planned-hours", "300"
    )
    assert result["minimum_duration_months"] == 18
    assert result["problems"] == []
