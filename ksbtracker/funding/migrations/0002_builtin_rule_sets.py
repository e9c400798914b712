"""The two sets of funding rules in force: starts before, and from, 1 August 2025."""

import datetime
from decimal import Decimal

from django.db import migrations

RULE_SETS = [
    {
        "name": "Starts before 1 August 2025",
        "effective_from": datetime.date(2017, 5, 1),
        "minimum_duration_months": 12,
        "otj_basis": "share_of_hours",
        "otj_share_of_hours": Decimal("0.2"),
        "otj_weekly_hours_cap": Decimal("30"),
        "statutory_leave_weeks_per_year": Decimal("5.6"),
        "minimum_otj_hours_after_prior_learning": None,
        "minimum_duration_months_after_prior_learning": 12,
        "review_interval_unit": "weeks",
        "review_interval": 12,
        "minimum_price_reduction_share": Decimal("0.5"),
        "notes": "OTJ minimum: 20% of contracted hours (at most 30 hours a week counted) over the weeks on "
        "programme less 5.6 weeks' statutory leave a year, pro rata. Reviews at least every 12 weeks.",
    },
    {
        "name": "Starts from 1 August 2025",
        "effective_from": datetime.date(2025, 8, 1),
        "minimum_duration_months": 8,
        "otj_basis": "standard_minimum",
        "otj_share_of_hours": Decimal("0.2"),
        "otj_weekly_hours_cap": None,
        "statutory_leave_weeks_per_year": Decimal("5.6"),
        "minimum_otj_hours_after_prior_learning": 187,
        "minimum_duration_months_after_prior_learning": 8,
        "review_interval_unit": "calendar_months",
        "review_interval": 3,
        "minimum_price_reduction_share": Decimal("0.5"),
        "notes": "OTJ minimum: the standard's published minimum hours. After prior learning, funding still "
        "needs at least 8 months and 187 OTJ hours. A review at least every 3 calendar months.",
    },
]


def load(apps, schema_editor):
    FundingRuleSet = apps.get_model("funding", "FundingRuleSet")
    for values in RULE_SETS:
        FundingRuleSet.objects.update_or_create(effective_from=values["effective_from"], defaults=values)


def unload(apps, schema_editor):
    FundingRuleSet = apps.get_model("funding", "FundingRuleSet")
    FundingRuleSet.objects.filter(effective_from__in=[v["effective_from"] for v in RULE_SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
