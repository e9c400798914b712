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
