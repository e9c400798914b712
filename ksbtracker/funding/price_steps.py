"""The price and review steps of a plan check (see ``steps.py``): the least reduction in pounds from the
funding band maximum, the funded price, and the review interval."""

from __future__ import annotations

from decimal import Decimal

from . import problems as say
from .arithmetic import minimum_price_reduction, plain_number, pounds
from .schedule import describe_interval

NOT_MODELLED = "Not modelled: the published rules for these starts leave it open"


class PriceAndReviewSteps:
    """Mixed into ``Workings``: uses its rules, plan, percent, figures and problems."""

    # Price ----------------------------------------------------------------------------------------------

    def price(self) -> None:
        """Minimum reduction (£) = band maximum × prior-learning % × 50%; the funded price is capped by the band."""
        rules, plan = self.rules, self.plan
        band, price = plan.band_maximum, plan.price
        rule = rules.cite("price")
        if rules.minimum_price_reduction_share is None:
            self.add("Least price reduction", NOT_MODELLED, rule,
                     "These rules reduce the price for prior learning but set no least reduction.")  # fmt: skip
            self.maximum_price = None if price is None or band is None else min(price, band)
            return
        self.share = Decimal(rules.minimum_price_reduction_share)
        self.reduction_percent = self.percent * self.share
        share = plain_number(self.share * 100)
        self.add("Least price reduction", f"{plain_number(self.reduction_percent, places=None)}% of the band",
                 rule, f"{share}% of the {plain_number(self.percent)}% prior learning")  # fmt: skip
        if band is None:
            if plan.prior_learning_hours and price is not None:
                self.problems.append(say.no_band(standard=plan.standard))
            elif price is not None:
                self.maximum_price = price
            return
        self.reduction = minimum_price_reduction(band_maximum=band, reduction_percent=self.reduction_percent)
        self.add("Least price reduction in pounds", pounds(self.reduction), rule,
                 f"{pounds(band)} band maximum × {plain_number(self.percent)}% × {share}% = {pounds(self.reduction)}")  # fmt: skip
        if price is None:
            return
        funded = min(price, band)
        self.maximum_price = max(Decimal("0.00"), funded - self.reduction)
        if price > band:
            working = (
                f"The agreed {pounds(price)} is above the {pounds(band)} band maximum: the funded price is the band "
                f"maximum less the reduction, {pounds(band)} − {pounds(self.reduction)}. The {pounds(price - band)} "
                "above the band is agreed with the employer outside the funding and not returned."
            )
        else:
            working = (
                f"{pounds(price)} agreed price − {pounds(self.reduction)} = {pounds(self.maximum_price)}"
            )
        self.add(
            "Most price that can be funded", pounds(self.maximum_price), rules.cite("funded_price"), working
        )

    # Reviews --------------------------------------------------------------------------------------------

    def reviews(self) -> None:
        rules = self.rules
        if rules.review_interval is None or not rules.review_interval_unit:
            self.review_text = NOT_MODELLED
        else:
            self.review_text = describe_interval(rule_set=rules).capitalize()
        self.add("Progress reviews", self.review_text, rules.cite("reviews"))
