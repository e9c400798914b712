"""What happens to an apprenticeship between start and end, kept as history rather than overwritten.

The enrolment keeps its current values (assessor, employer, hours, status, planned end) so every page reads
them as before; each change to them is also one ``EnrolmentChange`` row: dated, with a reason, who recorded
it and the values before and after. Breaks in learning have their own rows, since figures are worked out
from their dates.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ChangeKind(models.TextChoices):
    ASSESSOR = "assessor", "Assessor changed"
    LINE_MANAGER = "line_manager", "Line manager changed"
    EMPLOYER = "employer", "Employer changed"
    HOURS = "hours", "Contracted hours changed"
    BREAK_STARTED = "break_started", "Break in learning started"
    RETURNED = "returned", "Returned from a break in learning"
    WITHDRAWN = "withdrawn", "Withdrawn"
    GATEWAY = "gateway", "Went through gateway"
    COMPLETED = "completed", "Completed"
    TRANSFERRED = "transferred", "Transferred to another provider"
    NEW_VERSION = "new_version", "Moved to a new version of the standard"


class EnrolmentChange(models.Model):
    """One dated change to an apprenticeship, with the reason and the values before and after."""

    enrolment = models.ForeignKey("people.Enrolment", on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    effective_on = models.DateField()
    reason = models.TextField()
    agreed_by = models.CharField("agreed for the employer by", max_length=200, blank=True)
    before = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    summary = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.effective_on:%d %b %Y}: {self.summary}"


class BreakInLearning(models.Model):
    """A break in learning: OTJ expectations pause, reviews wait, and the planned end moves on return."""

    enrolment = models.ForeignKey("people.Enrolment", on_delete=models.PROTECT, related_name="breaks")
    starts_on = models.DateField()
    expected_return_on = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_return_on__gt=models.F("starts_on")),
                name="break_expected_return_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(returned_on__gt=models.F("starts_on")),
                name="break_return_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Break from {self.starts_on:%d %b %Y}"

    def days_until(self, day) -> int:
        """Days of this break before ``day`` (an ongoing break runs up to ``day``)."""
        end = min(self.returned_on or day, day)
        return max((end - self.starts_on).days, 0)
