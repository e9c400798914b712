from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

MAX_OTJ_HOURS_PER_ITEM = Decimal("24")


def hours_label(hours: Decimal) -> str:
    return f"{hours.normalize():f}"


class EvidenceType(models.TextChoices):
    REFLECTIVE_ACCOUNT = "reflective_account", "Reflective account"
    DIRECT_OBSERVATION = "direct_observation", "Direct observation"
    PROFESSIONAL_DISCUSSION = "professional_discussion", "Professional discussion"
    WORK_PRODUCT = "work_product", "Work product, such as an anonymised report"
    WITNESS_TESTIMONY = "witness_testimony", "Witness testimony"
    TRAINING_RECORD = "training_record", "Training or CPD record"
    ACADEMIC_ASSIGNMENT = "academic_assignment", "Academic assignment"


class EvidenceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for assessment"
    REFERRED = "referred", "Sent back for changes"
    ACCEPTED = "accepted", "Accepted"


# The learner changes an item only in these states; nobody changes a submitted or accepted item.
EDITABLE_STATUSES = (EvidenceStatus.DRAFT, EvidenceStatus.REFERRED)


class EvidenceItem(models.Model):
    """One piece of evidence in a learner's portfolio, mapped to the KSBs (and other criteria) it shows."""

    enrolment = models.ForeignKey("people.Enrolment", on_delete=models.PROTECT, related_name="evidence_items")
    evidence_type = models.CharField("type of evidence", max_length=30, choices=EvidenceType.choices)
    title = models.CharField(max_length=200)
    activity_date = models.DateField("date of the activity")
    account = models.TextField(help_text="What happened, what the learner did and what they learned.")
    is_off_the_job = models.BooleanField("off-the-job training", default=False)
    otj_hours = models.DecimalField(
        "off-the-job hours", max_digits=4, decimal_places=2, null=True, blank=True
    )
    ksbs = models.ManyToManyField("standards.KSB", related_name="evidence_items")
    duties = models.ManyToManyField("standards.Duty", related_name="evidence_items", blank=True)
    criteria = models.ManyToManyField("standards.Criterion", related_name="evidence_items", blank=True)
    status = models.CharField(max_length=20, choices=EvidenceStatus.choices, default=EvidenceStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-activity_date", "-id"]
        indexes = [
            models.Index(fields=["enrolment", "status"]),
            models.Index(fields=["status", "updated_at"], name="evidence_waiting_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(is_off_the_job=False, otj_hours__isnull=True)
                    | models.Q(is_off_the_job=True, otj_hours__gt=0, otj_hours__lte=MAX_OTJ_HOURS_PER_ITEM)
                ),
                name="evidence_otj_hours_when_off_the_job",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence-detail", args=[self.pk])

    def clean(self):
        """The item's own fields, with messages a learner can act on (the mapping is checked by services)."""
        errors = {}
        if self.evidence_type not in EvidenceType.values:
            errors["evidence_type"] = "Select the type of evidence"
        if not self.title.strip():
            errors["title"] = "Enter a title for the evidence"
        elif len(self.title) > 200:
            errors["title"] = "Title must be 200 characters or fewer"
        if self.activity_date is None:
            errors["activity_date"] = "Enter the date of the activity"
        elif self.activity_date > timezone.localdate():
            errors["activity_date"] = "Date of the activity must be today or in the past"
        if not self.account.strip():
            errors["account"] = "Enter your account of the activity"
        hours = self.otj_hours
        if not self.is_off_the_job:
            self.otj_hours = None
        elif hours is None:
            errors["otj_hours"] = "Enter the off-the-job hours"
        elif hours <= 0:
            errors["otj_hours"] = "Off-the-job hours must be more than 0"
        elif hours > MAX_OTJ_HOURS_PER_ITEM:
            errors["otj_hours"] = "Off-the-job hours must be 24 or fewer"
        elif hours != hours.quantize(Decimal("0.01")):
            errors["otj_hours"] = "Off-the-job hours must have no more than 2 decimal places"
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def otj_hours_label(self) -> str:
        """The hours as people write them: 2.5, not 2.50."""
        return hours_label(self.otj_hours) if self.otj_hours is not None else ""

    @property
    def mapped_ksbs(self) -> list:
        """The mapped KSBs in the published order (K, S, B), from the prefetch cache when there is one."""
        return sorted(self.ksbs.all(), key=lambda k: (k.kind_order, k.number))


class PersonalDataConfirmation(models.Model):
    """The learner's statement that what the check found is not personal data: who, when, and what."""

    item = models.ForeignKey(
        EvidenceItem, on_delete=models.PROTECT, related_name="personal_data_confirmations"
    )
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    findings = models.JSONField(default=list, help_text="Each finding: kind, text, where, context.")

    class Meta:
        ordering = ["confirmed_at", "id"]

    def __str__(self) -> str:
        return (
            f"{self.confirmed_by} confirmed {len(self.findings)} finding(s) on {self.confirmed_at:%d %b %Y}"
        )


class EvidenceAttachment(models.Model):
    """A file backing an item. The file is stored under a random name; the learner's name is kept here."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="attachments")
    stored_name = models.CharField(max_length=64, unique=True)
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

    def get_absolute_url(self) -> str:
        return reverse("evidence-attachment", args=[self.item_id, self.pk])


class RoundOutcome(models.TextChoices):
    REFERRED = "referred", "Sent back for changes"
    ACCEPTED = "accepted", "Accepted"


class AssessmentRound(models.Model):
    """One submission of an item and the assessor's decision on it. Every round is kept."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    # Exactly what was submitted (text, mapping and files with their hashes), as the assessor saw it.
    submitted_content = models.JSONField(default=dict)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=RoundOutcome.choices, blank=True)
    feedback = models.TextField("overall feedback", blank=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="unique_assessment_round_number"),
        ]

    def __str__(self) -> str:
        return f"Round {self.number} of “{self.item}”"


class KSBOutcome(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


class KSBDecision(models.Model):
    """The assessor's decision on one mapped KSB in one round, with feedback."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="decisions")
    ksb = models.ForeignKey("standards.KSB", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=KSBOutcome.choices)
    feedback = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "ksb"], name="unique_ksb_decision_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.ksb.code}: {self.get_outcome_display()}"
