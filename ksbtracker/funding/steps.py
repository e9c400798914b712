"""The steps of a plan check, each adding its figure (with the rule and the working) and any problem.

The rule sets' calculations (``rule_sets.py``) are sequences of these steps. Every value comes from the
``FundingRuleSet`` row; a value the published rules leave open is null and reported as "not modelled".
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from . import problems as say
from .arithmetic import (
    add_months,
    duration_cut_weeks,
    minimum_duration_months,
    otj_hours_a_week,
    otj_minimum_exact,
    plain_number,
    prior_learning_percent,
    weeks_on_programme,
    whole_hours,
)
from .models import FundingRuleSet
from .outcome import Figure, PlanCheck, PlanFigures
from .price_steps import PriceAndReviewSteps


class Workings(PriceAndReviewSteps):
    """A plan check in progress under one rule set."""

    def __init__(self, rule_set: FundingRuleSet, plan: PlanFigures):
        self.rules, self.plan = rule_set, plan
        self.figures: list[Figure] = []
        self.problems: list[str] = []
        self.weeks = weeks_on_programme(months=plan.months)
        self.planned_end = add_months(plan.start_date, plan.months)
        self.minimum_months = Decimal(rule_set.minimum_duration_months)
        self.otj_minimum: int | None = None
        self.minimum_is_floor = False  # no standard chosen: the floor is checked after prior learning
        self.otj_exact: Decimal | None = None
        self.otj_working = ""
        self.hours_a_week: Decimal | None = None
        self.planned: Decimal = Decimal(0)
        self.percent = Decimal("0.00")
        self.cut = 0
        self.share: Decimal | None = None
        self.reduction_percent: Decimal | None = None
        self.reduction: Decimal | None = None
        self.maximum_price: Decimal | None = None
        self.hours_needed: int | None = None

    def add(self, label: str, value: str, rule: str, working: str = "") -> None:
        self.figures.append(Figure(label, value, rule, working))

    # Duration -------------------------------------------------------------------------------------------

    def minimum_duration(self) -> None:
        """The minimum duration; before August 2025 extended for part-time work: 12 × 30 ÷ weekly hours."""
        rules, plan = self.rules, self.plan
        threshold = rules.part_time_threshold_hours
        self.minimum_months = minimum_duration_months(
            minimum_months=rules.minimum_duration_months,
            part_time_threshold=None if threshold is None else Decimal(threshold),
            weekly_hours=plan.weekly_hours,
        )
        base = rules.minimum_duration_months
        if self.minimum_months != base:
            working = (
                f"{base} × {plain_number(threshold)} ÷ {plain_number(plan.weekly_hours)} contracted hours a week "
                f"= {plain_number(self.minimum_months)} months"
            )
        elif threshold is None:
            working = f"{base} months, with no extension for part-time work"
        else:
            working = f"{base} months ({plain_number(threshold)} or more contracted hours a week)"
        self.add(
            "Minimum duration", f"{plain_number(self.minimum_months)} months", rules.cite("duration"), working
        )
        self.add(
            "Planned end date",
            f"{self.planned_end:%-d %B %Y}",
            rules.cite("duration"),
            f"{plan.months} months after the start: {plain_number(self.weeks)} weeks on programme",
        )
        if plan.months < self.minimum_months:
            self.problems.append(
                say.too_short(months=plan.months, minimum=self.minimum_months, base=base,
                              threshold=threshold, weekly_hours=plan.weekly_hours)
            )  # fmt: skip

    # Off-the-job minimum ---------------------------------------------------------------------------------

    def otj_minimum_from_contracted_hours(self) -> None:
        """A share of contracted hours (up to the cap) over the weeks on programme less statutory leave."""
        rules, plan = self.rules, self.plan
        if plan.weekly_hours is None:
            raise ValidationError(
                {"weekly_hours": "Enter the contracted weekly hours: for these starts the OTJ minimum "
                 f"is a share of them ({rules.name})"}
            )  # fmt: skip
        cap = None if rules.otj_weekly_hours_cap is None else Decimal(rules.otj_weekly_hours_cap)
        self.hours_a_week = otj_hours_a_week(
            weekly_hours=plan.weekly_hours, share=Decimal(rules.otj_share_of_hours), cap=cap
        )
        leave = rules.statutory_leave_weeks_per_year
        self.otj_exact = otj_minimum_exact(
            weeks=self.weeks, hours_a_week=self.hours_a_week, leave_weeks_a_year=leave
        )
        self.otj_minimum = whole_hours(self.otj_exact)
        counted = f"{plain_number(plan.weekly_hours)} contracted hours a week"
        if cap is not None and plan.weekly_hours > cap:
            counted += f", counting at most {plain_number(cap)},"
        share = plain_number(Decimal(rules.otj_share_of_hours) * 100)
        if leave is None:
            leave_text = "statutory leave: not modelled for these rules, so no weeks are taken off"
            sum_text = f"{plain_number(self.weeks)} weeks on programme × {plain_number(self.hours_a_week)}"
        else:
            leave_on_programme = Decimal(leave) * self.weeks / 52
            leave_text = f"less {plain_number(leave)} weeks' statutory leave a year, pro rata"
            sum_text = (
                f"({plain_number(self.weeks)} weeks on programme − {plain_number(leave_on_programme)} weeks' "
                f"statutory leave) × {plain_number(self.hours_a_week)}"
            )
        self.otj_working = (
            f"{share}% of {counted} is {plain_number(self.hours_a_week)} hours a week ({leave_text}). "
            f"{sum_text} = {plain_number(self.otj_exact)}, rounded to {self.otj_minimum} hours."
        )
        self.add("OTJ minimum", f"{self.otj_minimum} hours", rules.cite("otj_minimum"), self.otj_working)

    def otj_minimum_published(self) -> None:
        """The standard's published minimum for the start date; without a standard, only the floor."""
        rules, plan = self.rules, self.plan
        published, floor = plan.published_minimum, rules.minimum_otj_hours_after_prior_learning
        if published is not None:
            self.otj_minimum = published.hours
            to = f" to {published.effective_to:%-d %B %Y}" if published.effective_to else ""
            self.otj_working = (
                f"The published minimum for {plan.standard} for starts from "
                f"{published.effective_from:%-d %B %Y}{to}: {published.hours} hours ({published.source})."
            )
        elif plan.standard is not None:
            self.otj_working = f"No published minimum is recorded for {plan.standard}."
            self.problems.append(say.no_published_minimum(standard=plan.standard, start=plan.start_date))
        else:
            self.otj_minimum, self.minimum_is_floor = floor, True
            self.otj_working = (
                f"No standard chosen, so only the {floor}-hour floor is checked." if floor is not None
                else "No standard chosen: no minimum can be checked."
            )  # fmt: skip
        self.otj_exact = None if self.otj_minimum is None else Decimal(self.otj_minimum)
        value = "None recorded" if self.otj_minimum is None else f"{self.otj_minimum} hours"
        self.add("OTJ minimum", value, rules.cite("otj_minimum"), self.otj_working)

    def planned_hours(self) -> None:
        """The provider's own planned hours (default: the minimum); at least the minimum without prior learning."""
        plan = self.plan
        if plan.planned_hours is None and self.otj_minimum is None:
            raise ValidationError(
                {"planned_hours": f"Enter the planned OTJ hours ({self.otj_working.rstrip('.')})"}
            )
        self.planned = Decimal(self.otj_minimum) if plan.planned_hours is None else plan.planned_hours
        self.add("Planned OTJ hours without prior learning", f"{plain_number(self.planned)} hours",
                 "The provider's own delivery model")  # fmt: skip
        if self.otj_minimum is not None and not self.minimum_is_floor and self.planned < self.otj_minimum:
            self.problems.append(say.too_few_hours(planned=self.planned, minimum=self.otj_minimum))

    # Prior learning --------------------------------------------------------------------------------------

    def prior_learning(self) -> None:
        """Prior-learning % = hours removed ÷ the provider's own planned hours."""
        hours = self.plan.prior_learning_hours
        self.percent = prior_learning_percent(prior_learning_hours=hours, planned_hours=self.planned)
        self.add(
            "Prior learning",
            f"{plain_number(hours)} hours, {plain_number(self.percent)}%",
            self.rules.cite("prior_learning"),
            f"{plain_number(hours)} ÷ {plain_number(self.planned)} planned hours × 100 = {plain_number(self.percent)}%",
        )
        if hours > self.planned:
            self.problems.append(say.more_prior_learning_than_planned(prior=hours, planned=self.planned))

    def duration_cut(self) -> None:
        """Prior learning shortens the plan in proportion, but never below the minimum duration."""
        plan = self.plan
        self.cut, in_proportion = duration_cut_weeks(
            months=plan.months, minimum_months=self.minimum_months,
            prior_learning_hours=min(plan.prior_learning_hours, self.planned), planned_hours=self.planned,
        )  # fmt: skip
        if not plan.prior_learning_hours:
            working = "No prior learning, so the duration stays."
        elif self.cut < in_proportion:
            working = (
                f"In proportion the duration would fall by {in_proportion} weeks "
                f"({plain_number(self.weeks)} weeks × {plain_number(self.percent)}%), but it never goes below "
                f"the {plain_number(self.minimum_months)}-month minimum, so it falls by {self.cut} weeks."
            )
        else:
            working = f"{plain_number(self.weeks)} weeks × {plain_number(self.percent)}%, rounded down to whole weeks"
        self.add(
            "Duration cut by prior learning", f"{self.cut} weeks", self.rules.cite("duration_cut"), working
        )
        self.add("New planned end date", f"{self.new_end:%-d %B %Y}", self.rules.cite("duration_cut"))

    @property
    def new_end(self) -> datetime.date:
        return self.planned_end - datetime.timedelta(weeks=self.cut)

    @property
    def hours_after(self) -> Decimal:
        return self.planned - self.plan.prior_learning_hours

    def otj_after_prior_learning(self, *, minimum_for_weeks_left: bool) -> None:
        """Hours left after prior learning: at least the floor (278 or 187) and, where the minimum comes from
        contracted hours, at least the minimum over the weeks left (the full duration if it could not be cut).
        """
        rules, plan = self.rules, self.plan
        floor = rules.minimum_otj_hours_after_prior_learning
        needed, reasons = [], []
        if floor is not None:
            needed.append(floor)
            reasons.append(
                f"{rules.cite('otj_floor')}: the learner data return rejects fewer than {floor} planned hours"
            )
        if minimum_for_weeks_left and plan.prior_learning_hours and self.hours_a_week is not None:
            weeks_left = self.weeks - self.cut
            minimum_left = whole_hours(otj_minimum_exact(
                weeks=weeks_left, hours_a_week=self.hours_a_week,
                leave_weeks_a_year=rules.statutory_leave_weeks_per_year,
            ))  # fmt: skip
            needed.append(minimum_left)
            reasons.append(
                f"the OTJ minimum over the {plain_number(weeks_left)} weeks left is {minimum_left}"
            )
        to_deliver = needed + (
            [self.otj_minimum] if not plan.prior_learning_hours and self.otj_minimum else []
        )
        self.hours_needed = max(to_deliver) if to_deliver else None
        working = "; ".join(reasons) if reasons else "These rules set no floor after prior learning"
        self.add("OTJ hours after prior learning", f"{plain_number(self.hours_after)} hours",
                 rules.cite("otj_floor"), working)  # fmt: skip
        if needed and plan.prior_learning_hours <= self.planned and self.hours_after < max(needed):
            self.problems.append(say.too_few_hours_left(
                left=self.hours_after, needed=max(needed), prior=plan.prior_learning_hours, reasons=reasons
            ))  # fmt: skip

    # Result ---------------------------------------------------------------------------------------------

    def result(self) -> PlanCheck:
        plan = self.plan
        return PlanCheck(
            rule_set=self.rules.name,
            rule_set_code=self.rules.calculation,
            start_date=plan.start_date,
            months=plan.months,
            planned_end_date=self.planned_end,
            weekly_hours=plan.weekly_hours,
            standard=plan.standard,
            weeks_on_programme=self.weeks,
            minimum_duration_months=self.minimum_months,
            otj_minimum_hours=self.otj_minimum,
            otj_minimum_hours_exact=self.otj_exact,
            otj_minimum_working=self.otj_working,
            otj_floor_hours=self.rules.minimum_otj_hours_after_prior_learning,
            otj_hours_needed=self.hours_needed,
            planned_hours=self.planned,
            prior_learning_hours=plan.prior_learning_hours,
            prior_learning_percent=self.percent,
            minimum_price_reduction_share=self.share,
            minimum_price_reduction_percent=self.reduction_percent,
            funding_band_maximum=plan.band_maximum,
            minimum_price_reduction=self.reduction,
            price=plan.price,
            maximum_price=self.maximum_price,
            maximum_funding=None if plan.band_maximum is None else int(plan.band_maximum),
            duration_reduction_weeks=self.cut,
            new_planned_end_date=self.new_end,
            hours_after_prior_learning=self.hours_after,
            planned_hours_after_prior_learning=self.hours_after,
            review_interval=self.review_text,
            figures=list(self.figures),
            problems=list(self.problems),
        )
