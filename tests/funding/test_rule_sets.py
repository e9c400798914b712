import datetime

import pytest
from django.core.exceptions import ValidationError

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.funding.models import FundingRuleSet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "code", "minimum_months", "review_every"),
    [
        (datetime.date(2017, 5, 1), "2017-22", 12, (None, "")),
        (datetime.date(2022, 7, 31), "2017-22", 12, (None, "")),
        (datetime.date(2022, 8, 1), "2022-25", 12, (12, "weeks")),
        (datetime.date(2025, 7, 31), "2022-25", 12, (12, "weeks")),
        (datetime.date(2025, 8, 1), "2025-26", 8, (3, "calendar_months")),
        (datetime.date(2026, 7, 31), "2025-26", 8, (3, "calendar_months")),
        (datetime.date(2026, 8, 1), "2026-27", 8, (3, "calendar_months")),
        (datetime.date(2026, 11, 23), "2026-27", 8, (3, "calendar_months")),
    ],
)
def test_the_rules_in_force_are_chosen_by_start_date(start, code, minimum_months, review_every):
    rules = rule_set_for_start(start)
    assert rules.calculation == code
    assert rules.minimum_duration_months == minimum_months
    assert (rules.review_interval, rules.review_interval_unit) == review_every
    assert rules.sources["otj_minimum"]


def test_the_oldest_rules_store_what_they_leave_open_as_null():
    oldest = rule_set_for_start(datetime.date(2019, 1, 1))
    assert oldest.minimum_price_reduction_share is None
    assert oldest.statutory_leave_weeks_per_year is None
    assert oldest.minimum_otj_hours_after_prior_learning is None


def test_new_rules_from_a_later_date_apply_to_later_starts_only():
    FundingRuleSet.objects.create(
        name="Starts from 1 August 2027",
        effective_from=datetime.date(2027, 8, 1),
        minimum_duration_months=6,
        otj_basis="standard_minimum",
        review_interval_unit="calendar_months",
        review_interval=3,
    )
    assert rule_set_for_start(datetime.date(2027, 7, 31)).name == "Starts from 1 August 2026"
    assert rule_set_for_start(datetime.date(2027, 8, 1)).name == "Starts from 1 August 2027"


def test_a_start_before_any_rules_is_a_clear_error():
    with pytest.raises(ValidationError, match="No funding rules cover a start on 1 January 2010"):
        rule_set_for_start(datetime.date(2010, 1, 1))
