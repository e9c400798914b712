from decimal import Decimal

from django.conf import settings
from django.db import models

from .uln import validate_uln


class ReviewInterval(models.TextChoices):
    WEEKS = "weeks", "Weeks"
    CALENDAR_MONTHS = "calendar_months", "Calendar months (due by the end of the month)"


class OTJBasis(models.TextChoices):
    SHARE_OF_HOURS = "share_of_hours", "A share of contracted hours over the weeks on programme"
    STANDARD_MINIMUM = "standard_minimum", "The standard's published minimum hours"


class Calculation(models.TextChoices):
    """Which calculation (one function per published rule set) works a plan out under a rule set."""

    STARTS_2017_TO_2022 = "2017-22", "Starts 1 May 2017 to 31 July 2022"
    STARTS_2022_TO_2025 = "2022-25", "Starts 1 August 2022 to 31 July 2025"
    STARTS_2025_TO_2026 = "2025-26", "2025 to 2026 rules"
    STARTS_2026_TO_2027 = "2026-27", "2026 to 2027 rules"


class FundingRuleSet(models.Model):
    """Apprenticeship funding rules for apprentices starting from ``effective_from`` to ``effective_to``.

    Rules that change by funding year are data, chosen by an enrolment's start date. A value the published
    rules leave open is stored as null and shown as "not modelled".
    """

    name = models.CharField(max_length=120, unique=True)
    effective_from = models.DateField(unique=True)
    effective_to = models.DateField(null=True, blank=True, help_text="Last start date covered; blank: open.")
    calculation = models.CharField(
        max_length=10, choices=Calculation.choices, default=Calculation.STARTS_2026_TO_2027
    )
    minimum_duration_months = models.PositiveSmallIntegerField()
    part_time_threshold_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Below this many contracted hours a week the minimum duration is extended pro rata "
        "(minimum × threshold ÷ weekly hours). Blank: no extension.",
    )
    otj_basis = models.CharField(max_length=30, choices=OTJBasis.choices)
    otj_share_of_hours = models.DecimalField(
        max_digits=5, decimal_places=4, default=Decimal("0.2"), help_text="e.g. 0.2 for 20%."
    )
    otj_weekly_hours_cap = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="Contracted hours counted at most."
    )
    statutory_leave_weeks_per_year = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("5.6"), null=True, blank=True
    )
    minimum_otj_hours_after_prior_learning = models.PositiveIntegerField(null=True, blank=True)
    minimum_duration_months_after_prior_learning = models.PositiveSmallIntegerField(null=True, blank=True)
    review_interval_unit = models.CharField(max_length=20, choices=ReviewInterval.choices, blank=True)
    review_interval = models.PositiveSmallIntegerField(null=True, blank=True)
    minimum_price_reduction_share = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        null=True,
        blank=True,
        help_text="Price is reduced by at least this share of the prior-learning percentage.",
    )
    notes = models.TextField(blank=True)
    sources = models.JSONField(
        default=dict,
        blank=True,
        help_text='Where each rule comes from, by figure: e.g. {"price": "rule 35.2 (2025 to 2026)"}.',
    )

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name

    def cite(self, figure: str) -> str:
        """The published rule behind ``figure`` (e.g. "rule 35.2"), or the rule set's name if none is held."""
        return self.sources.get(figure) or f"{self.name} funding rules"


class PublishedOTJMinimum(models.Model):
    """A standard version's published minimum off-the-job hours, for starts within the effective dates.

    Held by reference and version (not a link to a stored standard) so that a published list can be loaded
    before every standard in it is imported; the transitional and the republished figure sit side by side.
    """

    reference_number = models.CharField(max_length=20, db_index=True)
    version = models.CharField(max_length=20)
    minimum_hours = models.PositiveIntegerField()
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reference_number", "version", "-effective_from"]
        verbose_name = "published minimum OTJ hours"
        verbose_name_plural = "published minimum OTJ hours"
        constraints = [
            models.UniqueConstraint(
                fields=["reference_number", "version", "effective_from"], name="unique_otj_minimum_from"
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="otj_minimum_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        to = f" to {self.effective_to:%-d %B %Y}" if self.effective_to else ""
        return (
            f"{self.reference_number} version {self.version}: {self.minimum_hours} hours "
            f"for starts from {self.effective_from:%-d %B %Y}{to}"
        )


class RuleSetCorrection(models.Model):
    """An enrolment moved to the funding rules that are right for its start date.

    ``previous_rules`` keeps the rule values it was on, so that a plan signed under them can still be worked
    out as signed and compared with the corrected figures. Signed plans themselves are never altered.
    """

    enrolment = models.ForeignKey(
        "people.Enrolment", on_delete=models.PROTECT, related_name="rule_set_corrections"
    )
    previous_rule_set_name = models.CharField(max_length=120)
    previous_rules = models.JSONField()
    rule_set = models.ForeignKey(FundingRuleSet, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    class Meta:
        ordering = ["-corrected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.previous_rule_set_name} → {self.rule_set.name}"


class ApprenticeFundingDetails(models.Model):
    """What the funding return needs about an apprentice beyond the enrolment: ULN, age, English and maths, EPA price."""

    enrolment = models.OneToOneField(
        "people.Enrolment", on_delete=models.PROTECT, related_name="funding_details"
    )
    uln = models.CharField(
        "unique learner number (ULN)", max_length=10, blank=True, validators=[validate_uln]
    )
    date_of_birth = models.DateField(null=True, blank=True)
    english_maths_opt_in = models.BooleanField(
        null=True,
        blank=True,
        help_text="For apprentices aged 19 or over at the start: whether the employer opted in to English and "
        "maths at the initial assessment.",
    )
    epa_price = models.DecimalField(
        "end-point assessment price (TNP2)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "apprentice funding details"

    def __str__(self) -> str:
        return f"Funding details for enrolment {self.enrolment_id}"


class EmployerOTJStatement(models.Model):
    """The employer's statement, signed by the line manager, of why fewer OTJ hours were done than planned."""

    enrolment = models.OneToOneField(
        "people.Enrolment", on_delete=models.PROTECT, related_name="employer_otj_statement"
    )
    statement = models.TextField()
    hours_done = models.DecimalField(max_digits=8, decimal_places=2)
    hours_planned = models.DecimalField(max_digits=8, decimal_places=2)
    hours_minimum = models.DecimalField(max_digits=8, decimal_places=2)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    content_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Employer's OTJ statement for enrolment {self.enrolment_id}"


class ReturnedFigures(models.Model):
    """The planned end date and planned OTJ hours once returned: from then on they change only by a correction."""

    enrolment = models.OneToOneField(
        "people.Enrolment", on_delete=models.PROTECT, related_name="returned_figures"
    )
    planned_end_date = models.DateField()
    planned_hours = models.DecimalField(max_digits=8, decimal_places=2)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "returned figures"

    def __str__(self) -> str:
        return f"Figures returned for enrolment {self.enrolment_id}"


class ReturnedFiguresCorrection(models.Model):
    """A recorded correction to a returned figure, with its reason."""

    returned = models.ForeignKey(ReturnedFigures, on_delete=models.PROTECT, related_name="corrections")
    figure = models.CharField(max_length=40)
    before = models.CharField(max_length=40)
    after = models.CharField(max_length=40)
    reason = models.TextField()
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-corrected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.figure}: {self.before} → {self.after}"
