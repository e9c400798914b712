from django.db import models


class ScheduledRun(models.Model):
    """One row per scheduled job per day: the unique constraint is what lets only one worker start it."""

    job = models.CharField(max_length=100)
    day = models.DateField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    worker_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="one_scheduled_run_per_job_per_day")
        ]
        ordering = ["-day", "job"]

    def __str__(self):
        return f"{self.job} on {self.day:%Y-%m-%d}"
