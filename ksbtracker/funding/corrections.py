"""Reads for enrolments whose funding rules were corrected: the rules a plan was signed under, rebuilt."""

from __future__ import annotations

import datetime

from .models import FundingRuleSet, RuleSetCorrection

__all__ = ["correction_after", "previous_rule_set"]


def correction_after(*, enrolment_id: int, moment: datetime.datetime) -> RuleSetCorrection | None:
    """The first correction of the enrolment's funding rules made after ``moment`` (e.g. a plan's signing)."""
    return (
        RuleSetCorrection.objects.filter(enrolment_id=enrolment_id, corrected_at__gt=moment)
        .select_related("rule_set")
        .order_by("corrected_at", "id")
        .first()
    )


def previous_rule_set(correction: RuleSetCorrection) -> FundingRuleSet:
    """The rules the enrolment was on before the correction, as an unsaved rule set to calculate with."""
    values = {}
    for name, value in correction.previous_rules.items():
        field = FundingRuleSet._meta.get_field(name)
        values[name] = value if name == "sources" else field.to_python(value)
    return FundingRuleSet(**values)
