from decimal import Decimal

from django.db import models


class ReviewInterval(models.TextChoices):
    WEEKS = "weeks", "Weeks"
    CALENDAR_MONTHS = "calendar_months", "Calendar months (due by the end of the month)"


class OTJBasis(models.TextChoices):
    SHARE_OF_HOURS = "share_of_hours", "A share of contracted hours over the weeks on programme"
    STANDARD_MINIMUM = "standard_minimum", "The standard's published minimum hours"


class FundingRuleSet(models.Model):
    """Apprenticeship funding rules for apprentices starting on or after ``effective_from``.

    Rules that change by funding year are data, chosen by an enrolment's start date.
    """

    name = models.CharField(max_length=120, unique=True)
    effective_from = models.DateField(unique=True)
    minimum_duration_months = models.PositiveSmallIntegerField()
    otj_basis = models.CharField(max_length=30, choices=OTJBasis.choices)
    otj_share_of_hours = models.DecimalField(
        max_digits=5, decimal_places=4, default=Decimal("0.2"), help_text="e.g. 0.2 for 20%."
    )
    otj_weekly_hours_cap = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="Contracted hours counted at most."
    )
    statutory_leave_weeks_per_year = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("5.6")
    )
    minimum_otj_hours_after_prior_learning = models.PositiveIntegerField(null=True, blank=True)
    minimum_duration_months_after_prior_learning = models.PositiveSmallIntegerField(null=True, blank=True)
    review_interval_unit = models.CharField(max_length=20, choices=ReviewInterval.choices)
    review_interval = models.PositiveSmallIntegerField()
    minimum_price_reduction_share = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        help_text="Price is reduced by at least this share of the prior-learning percentage.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name
