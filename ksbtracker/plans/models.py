from django.conf import settings
from django.db import models
from django.urls import reverse

from ksbtracker.signing.models import Signature


class ProgrammeModule(models.Model):
    """A module of the provider's programme template, covering some KSBs."""

    provider = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="programme_modules"
    )
    standard_version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.CASCADE, related_name="programme_modules"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    ksbs = models.ManyToManyField("standards.KSB", related_name="programme_modules", blank=True)

    class Meta:
        ordering = ["provider", "title"]

    def __str__(self) -> str:
        return self.title


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNING = "signing", "Waiting for signatures"
    SIGNED = "signed", "Signed"
    SUPERSEDED = "superseded", "Replaced by a new version"


class TrainingPlan(models.Model):
    """The training plan built from a locked baseline scan. Signed by apprentice, employer and provider."""

    enrolment = models.ForeignKey("people.Enrolment", on_delete=models.PROTECT, related_name="training_plans")
    baseline = models.ForeignKey("scans.SkillsScan", on_delete=models.PROTECT, related_name="training_plans")
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    change_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    required_hours = models.DecimalField(
        max_digits=7, decimal_places=2, help_text="Planned OTJ hours with no prior learning."
    )
    epao = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gateway_target_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, help_text="Counts saves, to catch a second writer.")

    class Meta:
        ordering = ["enrolment", "-version"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "version"], name="unique_plan_version")]

    def __str__(self) -> str:
        return f"Training plan v{self.version} for {self.enrolment}"

    def get_absolute_url(self) -> str:
        return reverse("plan-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanItem(models.Model):
    """One KSB in the plan: its planned OTJ hours, the hours recognised as prior learning, and activities."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="items")
    ksb = models.ForeignKey("standards.KSB", on_delete=models.PROTECT, related_name="+")
    planned_hours = models.DecimalField(max_digits=7, decimal_places=2)
    prior_learning_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    gap = models.SmallIntegerField(
        default=0, help_text="Points between the agreed rating and the top of the scale."
    )
    module = models.ForeignKey(
        ProgrammeModule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activities = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "ksb"], name="unique_plan_item")]

    def __str__(self) -> str:
        return f"{self.ksb.code}: {self.planned_hours} h"

    @property
    def hours_to_train(self):
        return self.planned_hours - self.prior_learning_hours


class PlanSignature(Signature):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.PROTECT, related_name="signatures")

    class Meta(Signature.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "role"], name="unique_plan_signature_role")]
