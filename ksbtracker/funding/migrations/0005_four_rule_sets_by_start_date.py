"""The four sets of funding rules by start date, with where each figure comes from; enrolments on the
wrong rules are moved to the right ones, with an audit record.

Values the published rules leave open are null (shown as "not modelled"): for starts before 1 August 2022
the statutory-leave deduction, the least price reduction, the review interval and any hours floor.
Signed plans are not altered: the correction keeps the rules they were signed under, for comparison.
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


RULE_FIELDS = [
    "name", "effective_from", "effective_to", "calculation", "minimum_duration_months", "part_time_threshold_hours",
    "otj_basis", "otj_share_of_hours", "otj_weekly_hours_cap", "statutory_leave_weeks_per_year",
    "minimum_otj_hours_after_prior_learning", "minimum_duration_months_after_prior_learning",
    "review_interval_unit", "review_interval", "minimum_price_reduction_share", "sources",
]  # fmt: skip
COMPARED = [name for name in RULE_FIELDS if name not in ("name", "effective_from", "effective_to", "sources")]
REASON = (
    "Funding rules apply by start date. The rules held before covered every start back to 2017 with rules that "
    "began in August 2022, and none covered starts from 1 August 2026; this enrolment is moved to the rules in "
    "force on its start date."
)


def _json(value):
    if isinstance(value, (datetime.date, Decimal)):
        return str(value)
    return value


def _snapshot(rule_set) -> dict:
    values = {name: _json(getattr(rule_set, name)) for name in RULE_FIELDS}
    # Before this change the calculation followed the OTJ basis alone.
    values["calculation"] = "2022-25" if rule_set.otj_basis == "share_of_hours" else "2025-26"
    values["part_time_threshold_hours"] = None
    return values


def _rule_set_for(rule_sets, start):
    matching = [r for r in rule_sets if r.effective_from <= start and (r.effective_to is None or r.effective_to >= start)]
    return max(matching, key=lambda r: r.effective_from, default=None)


def load(apps, schema_editor):
    FundingRuleSet = apps.get_model("funding", "FundingRuleSet")
    Enrolment = apps.get_model("people", "Enrolment")
    RuleSetCorrection = apps.get_model("funding", "RuleSetCorrection")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    before = {rule_set.pk: _snapshot(rule_set) for rule_set in FundingRuleSet.objects.all()}
    for values in RULE_SETS:
        # A rule set added by hand under the same name would clash: rename it out of the way first.
        FundingRuleSet.objects.filter(name=values["name"]).exclude(
            effective_from=values["effective_from"]
        ).update(name=values["name"] + " (added by hand)")
        FundingRuleSet.objects.update_or_create(effective_from=values["effective_from"], defaults=values)
    rule_sets = list(FundingRuleSet.objects.all())
    for enrolment in Enrolment.objects.all().iterator():
        right = _rule_set_for(rule_sets, enrolment.start_date)
        if right is None:
            continue
        previous = before[enrolment.funding_rule_set_id]
        after = {name: _json(getattr(right, name)) for name in RULE_FIELDS}
        if right.pk == enrolment.funding_rule_set_id and all(previous[f] == after[f] for f in COMPARED):
            continue
        RuleSetCorrection.objects.create(
            enrolment=enrolment, previous_rule_set_name=previous["name"], previous_rules=previous, rule_set=right,
            reason=REASON,
        )
        enrolment.funding_rule_set = right
        enrolment.save(update_fields=["funding_rule_set"])
        AuditEvent.objects.create(
            actor=None, actor_label="system", action="enrolment.funding_rules_corrected",
            object_type="people.enrolment", object_id=str(enrolment.pk), object_label=f"Enrolment {enrolment.pk}",
            before={"funding_rule_set": previous["name"]},
            after={"funding_rule_set": right.name, "reason": REASON},
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_rule_set_corrections"),
        ("people", "0001_initial"),
        ("audit", "0003_append_only"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
