"""Public surface of the funding app."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q

from .models import FundingRuleSet

__all__ = ["FundingRuleSet", "rule_set_for_start"]


def rule_set_for_start(start_date: datetime.date) -> FundingRuleSet:
    """The rule set in force for an apprentice starting on ``start_date``."""
    rule_set = (
        FundingRuleSet.objects.filter(effective_from__lte=start_date)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start_date))
        .order_by("-effective_from")
        .first()
    )
    if rule_set is None:
        raise ValidationError(f"No funding rules cover a start on {start_date:%-d %B %Y}.")
    return rule_set
