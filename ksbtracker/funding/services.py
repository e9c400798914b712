"""Writes for funding rules. Each change is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ksbtracker.audit.api import record_change, snapshot

from .models import FundingRuleSet

__all__ = ["add_rule_set"]


@transaction.atomic
def add_rule_set(*, actor, values: dict[str, Any]) -> FundingRuleSet:
    """Store a new set of funding rules for starts from ``values["effective_from"]``, and audit it.

    Raises ``ValidationError`` if the values are incomplete or clash with a rule set already stored.
    """
    rule_set = FundingRuleSet(**values)
    rule_set.full_clean()
    rule_set.save()
    record_change(actor=actor, action="funding_rule_set.added", instance=rule_set, after=snapshot(rule_set))
    return rule_set
