from django.conf import settings
from django.db import models
from django.urls import reverse

from ksbtracker.signing.models import Signature


class AgreedReviewFrequency(models.Model):
    """A review frequency other than the rules' default, agreed with the employer and recorded with a reason."""

    enrolment = models.ForeignKey(
        "people.Enrolment", on_delete=models.PROTECT, related_name="review_frequencies"
    )
    interval = models.PositiveSmallIntegerField()
    unit = models.CharField(
        max_length=20, choices=[("weeks", "weeks"), ("calendar_months", "calendar months")]
    )
    reason = models.TextField()
    agreed_with_employer_by = models.CharField(max_length=200, help_text="Who agreed it for the employer.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Every {self.interval} {self.get_unit_display()}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Being written"
    SIGNING = "signing", "Waiting for signatures"
    SIGNED = "signed", "Signed"


class ProgressReview(models.Model):
    """A three-way progress review: what was done, what changed, and the next actions."""

    enrolment = models.ForeignKey(
        "people.Enrolment", on_delete=models.PROTECT, related_name="progress_reviews"
    )
    held_on = models.DateField()
    due_by = models.DateField(help_text="When this review was due under the rules (or the agreed frequency).")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    progress_against_actions = models.TextField("progress against the previous actions", blank=True)
    otj_hours_done = models.DecimalField("OTJ hours done to date", max_digits=7, decimal_places=2, default=0)
    otj_hours_expected = models.DecimalField(
        "OTJ hours expected by now", max_digits=7, decimal_places=2, default=0
    )
    slippage = models.TextField("slippage and what will be done about it", blank=True)
    plan_changes = models.TextField("changes to the training plan", blank=True)
    concerns = models.TextField(blank=True)
    changes_of_circumstance = models.TextField("changes of circumstance", blank=True)
    new_prior_learning = models.TextField(
        "newly found prior learning", blank=True, help_text="New prior learning may change the price."
    )
    rescan = models.ForeignKey(
        "scans.SkillsScan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, help_text="Counts saves, to catch a second writer.")

    class Meta:
        ordering = ["enrolment", "-held_on"]

    def __str__(self) -> str:
        return f"Progress review on {self.held_on:%d %b %Y} for {self.enrolment}"

    def get_absolute_url(self) -> str:
        return reverse("review-detail", args=[self.pk])


class ReviewAction(models.Model):
    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class ReviewSignature(Signature):
    review = models.ForeignKey(ProgressReview, on_delete=models.PROTECT, related_name="signatures")

    class Meta(Signature.Meta):
        constraints = [
            models.UniqueConstraint(fields=["review", "role"], name="unique_review_signature_role")
        ]


class KSBSignOff(models.Model):
    """The assessor confirms competence in a KSB, usually at a review."""

    enrolment = models.ForeignKey("people.Enrolment", on_delete=models.PROTECT, related_name="ksb_sign_offs")
    ksb = models.ForeignKey("standards.KSB", on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(
        ProgressReview, null=True, blank=True, on_delete=models.PROTECT, related_name="sign_offs"
    )
    comment = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "ksb"], name="unique_ksb_sign_off")]

    def __str__(self) -> str:
        return f"{self.ksb.code} signed off"
