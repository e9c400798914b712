"""Progress review due dates under each rule set, and under a frequency agreed with the employer."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.funding.schedule import describe_interval, next_review_due, review_schedule

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def old_rules():
    return rule_set_for_start(D(2024, 9, 2))


@pytest.fixture
def new_rules():
    return rule_set_for_start(D(2025, 8, 1))


@pytest.mark.parametrize(
    ("last_review", "due"),
    [
        (D(2024, 9, 2), D(2024, 11, 25)),
        (D(2024, 12, 20), D(2025, 3, 14)),
        (D(2023, 12, 8), D(2024, 3, 1)),  # across 29 February 2024
    ],
)
def test_before_august_2025_reviews_are_due_every_12_weeks(old_rules, last_review, due):
    assert next_review_due(rule_set=old_rules, last_review=last_review) == due


@pytest.mark.parametrize(
    ("last_review", "due"),
    [
        (D(2025, 8, 1), D(2025, 11, 30)),  # the DfE example
        (D(2025, 8, 31), D(2025, 11, 30)),
        (D(2025, 11, 30), D(2026, 2, 28)),
        (D(2027, 11, 30), D(2028, 2, 29)),  # leap year
        (D(2026, 1, 31), D(2026, 4, 30)),
        (D(2025, 12, 15), D(2026, 3, 31)),  # across the year end
    ],
)
def test_from_august_2025_reviews_are_due_by_the_end_of_the_third_calendar_month(new_rules, last_review, due):
    assert next_review_due(rule_set=new_rules, last_review=last_review) == due


@pytest.mark.parametrize(
    ("agreed_interval", "due"),
    [
        ((8, "weeks"), D(2025, 9, 26)),
        ((2, "calendar_months"), D(2025, 10, 31)),
        ((1, "calendar_months"), D(2025, 9, 30)),
    ],
)
def test_a_frequency_agreed_with_the_employer_overrides_the_rules(new_rules, agreed_interval, due):
    assert (
        next_review_due(rule_set=new_rules, last_review=D(2025, 8, 1), agreed_interval=agreed_interval) == due
    )


@pytest.mark.parametrize("agreed_interval", [(0, "weeks"), (3, "fortnights")])
def test_an_impossible_agreed_frequency_is_refused(new_rules, agreed_interval):
    with pytest.raises(ValidationError):
        next_review_due(rule_set=new_rules, last_review=D(2025, 8, 1), agreed_interval=agreed_interval)


def test_the_schedule_from_august_2025_counts_each_review_from_the_one_before(new_rules):
    assert review_schedule(rule_set=new_rules, start_date=D(2025, 8, 1), end_date=D(2026, 9, 1)) == [
        D(2025, 11, 30),
        D(2026, 2, 28),
        D(2026, 5, 31),
        D(2026, 8, 31),
    ]


def test_the_schedule_before_august_2025_is_every_12_weeks_up_to_the_end(old_rules):
    schedule = review_schedule(rule_set=old_rules, start_date=D(2024, 9, 2), end_date=D(2025, 9, 2))
    assert schedule[:2] == [D(2024, 11, 25), D(2025, 2, 17)]
    assert len(schedule) == 4
    assert schedule[-1] == D(2025, 8, 4)
    assert all((later - earlier).days == 84 for earlier, later in zip(schedule, schedule[1:], strict=False))


def test_the_schedule_follows_an_agreed_frequency(new_rules):
    schedule = review_schedule(
        rule_set=new_rules, start_date=D(2025, 9, 1), end_date=D(2025, 12, 31), agreed_interval=(6, "weeks")
    )
    assert schedule == [D(2025, 10, 13), D(2025, 11, 24)]


def test_the_frequency_in_words(old_rules, new_rules):
    assert describe_interval(rule_set=old_rules) == "at least every 12 weeks"
    assert (
        describe_interval(rule_set=new_rules)
        == "at least every 3 calendar months (due by the end of the month)"
    )
    assert describe_interval(rule_set=new_rules, agreed_interval=(1, "weeks")) == "at least every 1 week"
