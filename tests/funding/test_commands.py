"""``ksbtracker plan-check`` and ``ksbtracker next-review``: JSON and dates out, one-line errors for bad input."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ksbtracker.cli import main
from tests.factories import StandardVersionFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def plan_check(*args) -> dict:
    return json.loads(run("plan_check", *args))


def test_plan_check_prints_the_dfe_example_as_json():
    result = plan_check(
        "--start",
        "2025-09-01",
        "--months",
        "12",
        "--planned-hours",
        "1000",
        "--prior-learning-hours",
        "300",
        "--price",
        "10000",
    )
    assert result["rule_set"] == "Starts from 1 August 2025"
    assert result["prior_learning_percent"] == 30
    assert result["minimum_price_reduction_percent"] == 15
    assert result["maximum_price"] == 8500
    assert result["otj_minimum_hours"] == 1000
    assert result["duration_reduction_weeks"] == 15
    assert result["start_date"] == "2025-09-01"
    assert result["new_planned_end_date"] == "2026-05-19"
    assert result["problems"] == []


def test_plan_check_keeps_the_unrounded_percentages():
    result = plan_check(
        "--start", "2025-09-01", "--months", "12", "--planned-hours", "509", "--prior-learning-hours", "14"
    )
    assert result["prior_learning_percent"] == 2.75
    assert result["minimum_price_reduction_percent"] == 1.375


def test_plan_check_before_august_2025_uses_weekly_hours():
    result = plan_check("--start", "2024-09-02", "--months", "12", "--weekly-hours", "37")
    assert result["rule_set"] == "Starts before 1 August 2025"
    assert result["otj_minimum_hours"] == 278
    assert result["otj_minimum_hours_exact"] == 278.4


def test_plan_check_uses_a_named_standard_and_reports_problems():
    StandardVersionFactory(reference_number="ST0648", version="1.0", otj_minimum_hours=400, max_funding=9000)
    result = plan_check(
        "--start",
        "2025-09-01",
        "--months",
        "24",
        "--standard",
        "ST0648",
        "--version",
        "1.0",
        "--prior-learning-hours",
        "250",
        "--price",
        "14000",
    )
    assert result["standard"] == "ST0648 version 1.0"
    assert result["otj_minimum_hours"] == 400
    assert len(result["problems"]) == 2
    assert "After prior learning only 150 OTJ hours remain" in result["problems"][0]
    assert (
        "The price after prior learning, £9,625.00, is above the funding band maximum"
        in result["problems"][1]
    )


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
        (["--start", "2025-09-01", "--months", "12"], "Enter the planned OTJ hours"),
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
    assert "Starts from 1 August 2025" in lines[0]
    assert lines[-1] == "2025-11-30"


def test_next_review_before_august_2025_is_12_weeks_on():
    output = run("next_review", "--start", "2024-09-02", "--last-review", "2024-12-20")
    assert "Starts before 1 August 2025" in output
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
