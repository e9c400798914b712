from django.conf import settings
from django.db import models
from django.urls import reverse

from ksbtracker.signing.models import Signature


class RatingScale(models.Model):
    """A rating scale with a descriptor at every point. A provider may define its own for a programme."""

    name = models.CharField(max_length=120)
    provider = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="rating_scales"
    )
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def top(self) -> int:
        return max(p.value for p in self.points.all())

    @property
    def bottom(self) -> int:
        return min(p.value for p in self.points.all())


class ScalePoint(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="points")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    descriptor = models.CharField(max_length=300)

    class Meta:
        ordering = ["scale", "value"]
        constraints = [models.UniqueConstraint(fields=["scale", "value"], name="unique_scale_point")]

    def __str__(self) -> str:
        return f"{self.value} {self.label} — {self.descriptor}"


class ScanKind(models.TextChoices):
    BASELINE = "baseline", "Initial skills scan (baseline)"
    RESCAN = "rescan", "Re-scan at a progress review"


class ScanStatus(models.TextChoices):
    LEARNER_RATING = "learner_rating", "Learner rating"
    STAFF_RATING = "staff_rating", "Assessor and line manager rating"
    DECIDING = "deciding", "Provider deciding prior learning"
    SIGNING = "signing", "Waiting for signatures"
    LOCKED = "locked", "Locked"
    SUPERSEDED = "superseded", "Replaced by a corrected version"


class RaterRole(models.TextChoices):
    LEARNER = "learner", "Learner"
    ASSESSOR = "assessor", "Assessor"
    LINE_MANAGER = "line_manager", "Line manager"


class SignatoryRole(models.TextChoices):
    APPRENTICE = "apprentice", "Apprentice"
    EMPLOYER = "employer", "Employer"
    PROVIDER = "provider", "Training provider"


class SkillsScan(models.Model):
    """A rating of every KSB of an enrolment's standard version. Locked once signed; corrected by new versions."""

    enrolment = models.ForeignKey("people.Enrolment", on_delete=models.PROTECT, related_name="skills_scans")
    kind = models.CharField(max_length=20, choices=ScanKind.choices, default=ScanKind.BASELINE)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.TextField(blank=True)
    scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="scans")
    status = models.CharField(max_length=20, choices=ScanStatus.choices, default=ScanStatus.LEARNER_RATING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    learner_submitted_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} for {self.enrolment}"

    def get_absolute_url(self) -> str:
        return reverse("scan-detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status in (ScanStatus.LOCKED, ScanStatus.SUPERSEDED)


class Rating(models.Model):
    """One person's rating of one KSB in a scan. ``revision`` guards against overwriting someone else's answer."""

    scan = models.ForeignKey(SkillsScan, on_delete=models.CASCADE, related_name="ratings")
    ksb = models.ForeignKey("standards.KSB", on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=20, choices=RaterRole.choices)
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scan", "ksb", "rater_role"], name="unique_rating_per_rater"),
        ]

    def __str__(self) -> str:
        return f"{self.ksb.code} {self.rater_role}: {self.value}"


class PriorLearning(models.Model):
    """What the learner brings to one KSB: experience, qualifications and supporting files."""

    scan = models.ForeignKey(SkillsScan, on_delete=models.CASCADE, related_name="prior_learning")
    ksb = models.ForeignKey("standards.KSB", on_delete=models.PROTECT, related_name="+")
    experience = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scan", "ksb"], name="unique_prior_learning_per_ksb")]

    def __str__(self) -> str:
        return f"Prior learning for {self.ksb.code}"


class Qualification(models.Model):
    prior_learning = models.ForeignKey(PriorLearning, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(max_length=200)
    level = models.CharField(max_length=40, blank=True)
    awarding_body = models.CharField(max_length=200, blank=True)
    date_awarded = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class DecisionOutcome(models.TextChoices):
    FULL = "full", "Recognised in full"
    PART = "part", "Recognised in part"
    NONE = "none", "Not recognised"


class PriorLearningDecision(models.Model):
    """The provider's decision on prior learning for one KSB, with its rationale."""

    scan = models.ForeignKey(SkillsScan, on_delete=models.CASCADE, related_name="decisions")
    ksb = models.ForeignKey("standards.KSB", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    share_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="For 'in part': share of the hours."
    )
    rationale = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scan", "ksb"], name="unique_decision_per_ksb")]

    def __str__(self) -> str:
        return f"{self.ksb.code}: {self.get_outcome_display()}"


class ScanSignature(Signature):
    """A party's signature on exactly this version of the scan."""

    scan = models.ForeignKey(SkillsScan, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(max_length=20, choices=SignatoryRole.choices)

    class Meta(Signature.Meta):
        constraints = [models.UniqueConstraint(fields=["scan", "role"], name="unique_scan_signature_role")]


class PriorLearningFile(models.Model):
    """A supporting file for prior learning (a certificate, a transcript), stored outside the web root."""

    prior_learning = models.ForeignKey(PriorLearning, on_delete=models.PROTECT, related_name="files")
    stored_name = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
