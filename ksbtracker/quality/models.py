"""Internal quality assurance: a reviewer's sampling plan, the assessments it drew and what the reviewer found."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class SamplingPlan(models.Model):
    """Which assessments to sample and how many; the sample is drawn once, reproducibly, from ``seed``."""

    provider = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    period_from = models.DateField("assessed on or after")
    period_to = models.DateField("assessed on or before")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    standard_reference = models.CharField(max_length=20, blank=True)
    evidence_type = models.CharField(max_length=30, blank=True)
    decision = models.CharField(max_length=20, blank=True, help_text="Round outcome: accepted or referred.")
    sample_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    include_new_assessors = models.BooleanField(default=False)
    include_quick_decisions = models.BooleanField(default=False)
    seed = models.BigIntegerField()
    population_size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sample_percent__isnull=False) | models.Q(sample_size__isnull=False),
                name="sampling_plan_has_rate_or_size",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quality-plan", args=[self.pk])


class SampleReason(models.TextChoices):
    RANDOM = "random", "Random sample"
    NEW_ASSESSOR = "new_assessor", "New assessor"
    QUICK_DECISION = "quick_decision", "“Met” decided quickly"


class QualityOutcome(models.TextChoices):
    AGREE = "agree", "Agree"
    AGREE_WITH_ACTION = "agree_with_action", "Agree with action"
    DISAGREE = "disagree", "Disagree"


class SampledAssessment(models.Model):
    """One assessment round drawn by a plan, the reviewer's outcome and the assessor's acknowledgement."""

    plan = models.ForeignKey(SamplingPlan, on_delete=models.PROTECT, related_name="samples")
    round = models.ForeignKey("evidence.AssessmentRound", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=SampleReason.choices)
    outcome = models.CharField(max_length=20, choices=QualityOutcome.choices, blank=True)
    feedback = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "round"], name="unique_sample_per_plan")]

    def __str__(self) -> str:
        return f"Sample of {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("quality-sample", args=[self.pk])

    @property
    def action_open(self) -> bool:
        return (
            self.outcome in (QualityOutcome.AGREE_WITH_ACTION, QualityOutcome.DISAGREE)
            and not self.acknowledged_at
        )
