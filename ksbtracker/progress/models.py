from django.conf import settings
from django.db import models


class OTJLogEntry(models.Model):
    """Off-the-job training that produces no evidence item: a date, what was done, hours and the KSBs."""

    enrolment = models.ForeignKey("people.Enrolment", on_delete=models.PROTECT, related_name="otj_log")
    date = models.DateField()
    activity = models.CharField(max_length=300)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    ksbs = models.ManyToManyField("standards.KSB", related_name="+", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "off-the-job log entry"
        verbose_name_plural = "off-the-job log entries"

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.activity} ({self.hours} h)"


class QualificationAchieved(models.Model):
    """A qualification the apprentice has achieved, such as a mandatory one needed for gateway."""

    enrolment = models.ForeignKey("people.Enrolment", on_delete=models.PROTECT, related_name="qualifications")
    title = models.CharField(max_length=300)
    achieved_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-achieved_on"]

    def __str__(self) -> str:
        return self.title


class GatewayConfirmation(models.Model):
    """The employer's confirmation that the apprentice is ready for end-point assessment."""

    enrolment = models.OneToOneField(
        "people.Enrolment", on_delete=models.PROTECT, related_name="gateway_confirmation"
    )
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    statement = models.TextField()

    def __str__(self) -> str:
        return f"Gateway confirmed by {self.confirmed_by}"


class EnrolmentProgress(models.Model):
    """Figures about one enrolment that lists show on every row, kept up to date as the records change.

    Recomputing them per row would cost a dozen queries an apprentice; ``progress.summary`` refreshes this row
    whenever evidence, sign-offs, scans, plans, reviews or the OTJ log of the enrolment change. Figures that
    move with the calendar (time elapsed, OTJ expected today, overdue) are worked out from these dates when
    the page is shown, so they are never stale.
    """

    enrolment = models.OneToOneField(
        "people.Enrolment", on_delete=models.CASCADE, primary_key=True, related_name="progress_summary"
    )
    ksbs_total = models.PositiveSmallIntegerField(default=0)
    ksbs_in_progress = models.PositiveSmallIntegerField(default=0)
    ksbs_evidenced = models.PositiveSmallIntegerField(default=0, help_text="Evidenced, not yet signed off.")
    ksbs_signed_off = models.PositiveSmallIntegerField(default=0)
    otj_hours_done = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    otj_hours_required = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    otj_planned_end = models.DateField(null=True, blank=True)
    last_review_on = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    items_waiting = models.PositiveIntegerField(default=0, help_text="Evidence waiting for assessment.")
    # The first day on which the rating turns amber and red (see progress.rag), so that lists can filter on it.
    amber_from = models.DateField(null=True, blank=True)
    red_from = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "progress summary"
        verbose_name_plural = "progress summaries"
        indexes = [
            models.Index(fields=["next_review_due"]),
            models.Index(fields=["red_from"]),
            models.Index(fields=["amber_from"]),
            models.Index(fields=["items_waiting"]),
        ]

    def __str__(self) -> str:
        return f"Progress of enrolment {self.enrolment_id}"
