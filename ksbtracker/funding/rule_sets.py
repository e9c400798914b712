"""One calculation per published rule set, to be read beside DOMAIN.md's "Off-the-job training, duration
and reviews" and "The skills scan and prior learning". The figures themselves (12 months, 30 hours, 5.6
weeks, 278, 187, 50%, the review interval) are the ``FundingRuleSet`` row's; a null is "not modelled".
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Calculation, FundingRuleSet
from .outcome import PlanCheck, PlanFigures
from .steps import Workings

__all__ = ["CALCULATIONS", "calculate"]


def starts_2017_to_2022(rules: FundingRuleSet, plan: PlanFigures) -> PlanCheck:
    """Starts 1 May 2017 – 31 July 2022: OTJ at least 20% of normal working hours, 12 months minimum.

    No 12-week review interval, no 50% price rule and no hours floor yet: those values are null.
    """
    work = Workings(rules, plan)
    work.minimum_duration()  # 12 months, extended for part-time work
    work.otj_minimum_from_contracted_hours()  # 20% of contracted hours over the weeks on programme
    work.planned_hours()
    work.prior_learning()
    work.duration_cut()  # never below the minimum
    work.otj_after_prior_learning(minimum_for_weeks_left=True)
    work.price()  # not modelled: no least reduction in these rules
    work.reviews()  # not modelled
    return work.result()


def starts_2022_to_2025(rules: FundingRuleSet, plan: PlanFigures) -> PlanCheck:
    """Starts 1 August 2022 – 31 July 2025.

    Minimum 12 months, or 12 × 30 ÷ weekly hours below 30 hours a week (20 hours → 18 months). OTJ minimum
    6 hours a week (20% of hours below 30) over the weeks less 5.6 weeks' leave a year: 12 months full time
    (52 − 5.6) × 6 = 278.4 → 278. Prior learning cuts the duration where it can but never below the minimum;
    the hours left must still meet the minimum for the duration left and the 278 floor (400 − 50 = 350 is
    fine). Price cut by at least band maximum × prior-learning % × 50%. Reviews every 12 weeks.
    """
    work = Workings(rules, plan)
    work.minimum_duration()
    work.otj_minimum_from_contracted_hours()
    work.planned_hours()
    work.prior_learning()
    work.duration_cut()
    work.otj_after_prior_learning(minimum_for_weeks_left=True)
    work.price()
    work.reviews()
    return work.result()


def starts_2025_to_2026(rules: FundingRuleSet, plan: PlanFigures) -> PlanCheck:
    """Starts 1 August 2025 – 31 July 2026 (2025-26 rules).

    Minimum 8 months, no part-time extension. OTJ minimum: the standard's published figure for the start
    date (a problem to fix where none is recorded). Prior learning is taken off the provider's own planned
    hours; afterwards at least 8 months and 187 hours (200 − 10 = 190 with 8 months is fine: the duration is
    already at its minimum so it does not fall). Price rule 35.2. A review at least every 3 calendar months.
    """
    work = Workings(rules, plan)
    work.minimum_duration()
    work.otj_minimum_published()
    work.planned_hours()
    work.prior_learning()
    work.duration_cut()
    work.otj_after_prior_learning(minimum_for_weeks_left=False)
    work.price()
    work.reviews()
    return work.result()


def starts_from_2026(rules: FundingRuleSet, plan: PlanFigures) -> PlanCheck:
    """Starts from 1 August 2026 (2026-27 rules, version 1 of 15 June 2026).

    The same duration, OTJ, prior-learning, price and review rules as 2025-26 as far as the published
    summaries show; what changes is what is returned (the ILR Hours record: HRS 1, 3 and 4).
    """
    return starts_2025_to_2026(rules, plan)


CALCULATIONS: dict[str, Callable[[FundingRuleSet, PlanFigures], PlanCheck]] = {
    Calculation.STARTS_2017_TO_2022: starts_2017_to_2022,
    Calculation.STARTS_2022_TO_2025: starts_2022_to_2025,
    Calculation.STARTS_2025_TO_2026: starts_2025_to_2026,
    Calculation.STARTS_2026_TO_2027: starts_from_2026,
}


def calculate(rules: FundingRuleSet, plan: PlanFigures) -> PlanCheck:
    """The plan worked out by the calculation its rule set names."""
    return CALCULATIONS[rules.calculation](rules, plan)
