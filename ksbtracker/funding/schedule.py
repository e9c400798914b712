"""When progress reviews fall due, by the rule set's review interval (or one agreed with the employer)."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError

from .models import FundingRuleSet, ReviewInterval

__all__ = ["describe_interval", "next_review_due", "review_schedule"]

# Reviews for rule sets that set no interval (starts before 1 August 2022) are scheduled every 12 weeks.
UNSET_INTERVAL = (12, ReviewInterval.WEEKS)


def next_review_due(
    *,
    rule_set: FundingRuleSet,
    last_review: datetime.date,
    agreed_interval: tuple[int, str] | None = None,
) -> datetime.date:
    """The date the next progress review is due by, counting from ``last_review``.

    "weeks": that many weeks after the last review. "calendar_months": the last day of the Nth calendar
    month after the last review's month (a review on 1 August 2025 makes the next due by 30 November 2025).
    ``agreed_interval`` — (count, unit) — is a different frequency agreed with the employer and recorded.
    """
    count, unit = _interval(rule_set, agreed_interval)
    if unit == ReviewInterval.WEEKS:
        return last_review + datetime.timedelta(weeks=count)
    month_index = last_review.month - 1 + count
    year, month = last_review.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def review_schedule(
    *,
    rule_set: FundingRuleSet,
    start_date: datetime.date,
    end_date: datetime.date,
    agreed_interval: tuple[int, str] | None = None,
) -> list[datetime.date]:
    """Successive review due dates from the start, each counted from the one before, up to ``end_date``."""
    due_dates = []
    due = next_review_due(rule_set=rule_set, last_review=start_date, agreed_interval=agreed_interval)
    while due <= end_date:
        due_dates.append(due)
        due = next_review_due(rule_set=rule_set, last_review=due, agreed_interval=agreed_interval)
    return due_dates


def describe_interval(*, rule_set: FundingRuleSet, agreed_interval: tuple[int, str] | None = None) -> str:
    """The review frequency in words, e.g. "at least every 3 calendar months (due by the month's end)"."""
    count, unit = _interval(rule_set, agreed_interval)
    plural = "" if count == 1 else "s"
    if unit == ReviewInterval.WEEKS:
        text = f"at least every {count} week{plural}"
    else:
        text = f"at least every {count} calendar month{plural} (due by the end of the month)"
    if agreed_interval is None and rule_set.review_interval is None:
        text += " (these rules set no interval: the tracker schedules one so reviews are not missed)"
    return text


def _interval(rule_set: FundingRuleSet, agreed_interval: tuple[int, str] | None) -> tuple[int, str]:
    count, unit = agreed_interval or (rule_set.review_interval, rule_set.review_interval_unit)
    if count is None or not unit:
        count, unit = UNSET_INTERVAL
    if unit not in ReviewInterval.values:
        raise ValidationError(f"The review interval unit must be one of: {', '.join(ReviewInterval.values)}")
    if int(count) < 1:
        raise ValidationError("The review interval must be at least 1")
    return int(count), unit
