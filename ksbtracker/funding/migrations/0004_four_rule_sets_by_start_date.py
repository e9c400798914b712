"""The four sets of funding rules by start date, with where each figure comes from.

Values the published rules leave open are null (shown as "not modelled"): for starts before 1 August 2022
the statutory-leave deduction, the least price reduction, the review interval and any hours floor.
"""

import datetime
from decimal import Decimal

from django.db import migrations

RULE_SETS = [
    {
        "name": "Starts 1 May 2017 to 31 July 2022",
        "effective_from": datetime.date(2017, 5, 1),
        "effective_to": datetime.date(2022, 7, 31),
        "calculation": "2017-22",
        "minimum_duration_months": 12,
        "part_time_threshold_hours": Decimal("30"),
        "otj_basis": "share_of_hours",
        "otj_share_of_hours": Decimal("0.2"),
        "otj_weekly_hours_cap": None,
        "statutory_leave_weeks_per_year": None,
        "minimum_otj_hours_after_prior_learning": None,
        "minimum_duration_months_after_prior_learning": 12,
        "review_interval_unit": "",
        "review_interval": None,
        "minimum_price_reduction_share": None,
        "notes": "OTJ at least 20% of normal working hours; 12 months minimum. The 12-week review interval and "
        "the 50% price rule did not yet exist. Not modelled: how statutory leave counts, a least price "
        "reduction, a review interval, an hours floor. Few of these apprentices are still in learning.",
        "sources": {
            "duration": "Apprenticeship funding rules 2017 to 2022: 12 months minimum, longer for part-time work",
            "otj_minimum": "Apprenticeship funding rules 2017 to 2022: off-the-job training at least 20% of "
            "normal working hours",
            "prior_learning": "Apprenticeship funding rules 2017 to 2022: prior learning reduces content, "
            "duration and price",
            "duration_cut": "Apprenticeship funding rules 2017 to 2022: prior learning reduces the duration",
            "otj_floor": "Apprenticeship funding rules 2017 to 2022: no hours floor (not modelled)",
            "price": "Apprenticeship funding rules 2017 to 2022: no least price reduction (not modelled)",
            "funded_price": "Funding band maximum",
            "reviews": "Apprenticeship funding rules 2017 to 2022: no set review interval (not modelled)",
        },
    },
    {
        "name": "Starts 1 August 2022 to 31 July 2025",
        "effective_from": datetime.date(2022, 8, 1),
        "effective_to": datetime.date(2025, 7, 31),
        "calculation": "2022-25",
        "minimum_duration_months": 12,
        "part_time_threshold_hours": Decimal("30"),
        "otj_basis": "share_of_hours",
        "otj_share_of_hours": Decimal("0.2"),
        "otj_weekly_hours_cap": Decimal("30"),
        "statutory_leave_weeks_per_year": Decimal("5.6"),
        "minimum_otj_hours_after_prior_learning": 278,
        "minimum_duration_months_after_prior_learning": 12,
        "review_interval_unit": "weeks",
        "review_interval": 12,
        "minimum_price_reduction_share": Decimal("0.5"),
        "notes": "Minimum 12 months, extended to 12 × 30 ÷ weekly hours below 30 hours a week. OTJ minimum 6 "
        "hours a week (20% of hours below 30) over the weeks on programme less 5.6 weeks' statutory leave a "
        "year, pro rata. The learner data return rejects planned hours under 278 (PHours_06). Price reduced "
        "by at least 50% of the prior-learning percentage, of the funding band maximum. Reviews at least "
        "every 12 weeks (P59–P60 of 2022-23).",
        "sources": {
            "duration": "Apprenticeship funding rules 2022 to 2025: 12 months minimum; below 30 hours a week "
            "12 × 30 ÷ weekly hours",
            "otj_minimum": "Apprenticeship funding rules 2022 to 2025: 6 hours a week (20% below 30 hours), "
            "less 5.6 weeks' statutory leave a year",
            "prior_learning": "Apprenticeship funding rules from 1 August 2022: prior-learning percentage of "
            "the provider's own planned hours",
            "duration_cut": "Apprenticeship funding rules 2022 to 2025: duration reduced where it can be, "
            "never below the minimum",
            "otj_floor": "ILR validation rule PHours_06",
            "price": "Apprenticeship funding rules from 1 August 2022: price reduced by at least 50% of the "
            "prior-learning percentage, of the band maximum",
            "funded_price": "Funding band maximum less the price reduction",
            "reviews": "Apprenticeship funding rules 2022 to 2023 P59–P60: reviews at least every 12 weeks",
        },
    },
    {
        "name": "Starts 1 August 2025 to 31 July 2026",
        "effective_from": datetime.date(2025, 8, 1),
        "effective_to": datetime.date(2026, 7, 31),
        "calculation": "2025-26",
        "minimum_duration_months": 8,
        "part_time_threshold_hours": None,
        "otj_basis": "standard_minimum",
        "otj_share_of_hours": Decimal("0.2"),
        "otj_weekly_hours_cap": None,
        "statutory_leave_weeks_per_year": Decimal("5.6"),
        "minimum_otj_hours_after_prior_learning": 187,
        "minimum_duration_months_after_prior_learning": 8,
        "review_interval_unit": "calendar_months",
        "review_interval": 3,
        "minimum_price_reduction_share": Decimal("0.5"),
        "notes": "Minimum 8 months, no automatic part-time extension. OTJ minimum: the standard's published "
        "minimum hours (transitional values August to December 2025, republished January 2026). After prior "
        "learning at least 8 months and 187 hours (PHours_08). Price rule 35.2. A review at least every 3 "
        "calendar months.",
        "sources": {
            "duration": "Apprenticeship funding rules 2025 to 2026: 8 months minimum, no part-time extension",
            "otj_minimum": "Apprenticeship funding rules 2025 to 2026: the standard's published minimum OTJ "
            "hours (DfE annex)",
            "prior_learning": "rule 35.2 (2025 to 2026)",
            "duration_cut": "Apprenticeship funding rules 2025 to 2026: at least 8 months after prior learning",
            "otj_floor": "ILR validation rule PHours_08",
            "price": "rule 35.2 (2025 to 2026)",
            "funded_price": "rule 35.2 (2025 to 2026) and the funding band maximum",
            "reviews": "Apprenticeship funding rules 2025 to 2026: a review at least every 3 calendar months",
        },
    },
    {
        "name": "Starts from 1 August 2026",
        "effective_from": datetime.date(2026, 8, 1),
        "effective_to": None,
        "calculation": "2026-27",
        "minimum_duration_months": 8,
        "part_time_threshold_hours": None,
        "otj_basis": "standard_minimum",
        "otj_share_of_hours": Decimal("0.2"),
        "otj_weekly_hours_cap": None,
        "statutory_leave_weeks_per_year": Decimal("5.6"),
        "minimum_otj_hours_after_prior_learning": 187,
        "minimum_duration_months_after_prior_learning": 8,
        "review_interval_unit": "calendar_months",
        "review_interval": 3,
        "minimum_price_reduction_share": Decimal("0.5"),
        "notes": "2026 to 2027 rules (version 1, 15 June 2026; DWP, the growth and skills levy): the same "
        "duration, OTJ, prior-learning, price and review rules as 2025 to 2026 as far as the published summaries "
        "show. The learner data return uses the Hours record: HRS 1 planned, HRS 3 actual, HRS 4 removed for "
        "prior learning.",
        "sources": {
            "duration": "Apprenticeship funding rules 2026 to 2027 v1: 8 months minimum, as 2025 to 2026",
            "otj_minimum": "Apprenticeship funding rules 2026 to 2027 v1: the standard's published minimum "
            "OTJ hours, as 2025 to 2026",
            "prior_learning": "Apprenticeship funding rules 2026 to 2027 v1, as rule 35.2 of 2025 to 2026",
            "duration_cut": "Apprenticeship funding rules 2026 to 2027 v1: at least 8 months after prior "
            "learning",
            "otj_floor": "ILR 2026 to 2027 validation, as PHours_08",
            "price": "Apprenticeship funding rules 2026 to 2027 v1, as rule 35.2 of 2025 to 2026",
            "funded_price": "As rule 35.2 of 2025 to 2026, and the funding band maximum",
            "reviews": "Apprenticeship funding rules 2026 to 2027 v1: a review at least every 3 calendar months",
        },
    },
]


def load(apps, schema_editor):
    FundingRuleSet = apps.get_model("funding", "FundingRuleSet")
    for values in RULE_SETS:
        # A rule set added by hand under the same name would clash: rename it out of the way first.
        FundingRuleSet.objects.filter(name=values["name"]).exclude(
            effective_from=values["effective_from"]
        ).update(name=values["name"] + " (added by hand)")
        FundingRuleSet.objects.update_or_create(effective_from=values["effective_from"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_rule_sets_by_start_year_and_published_otj_minimums")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
