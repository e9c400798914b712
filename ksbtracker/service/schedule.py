"""Jobs the workers start themselves at a time of day (no cron): each once a day, whichever worker comes first.

The first worker to insert today's ``ScheduledRun`` row enqueues the job in the same transaction; the unique
constraint turns every other worker's insert into an IntegrityError, so two workers never start it twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ksbtracker.reviews.reminders import overdue_review_reminders

from .models import ScheduledRun

__all__ = ["DailyJob", "daily_jobs", "enqueue_due_jobs"]


@dataclass(frozen=True)
class DailyJob:
    name: str
    task: object
    at: datetime.time


def daily_jobs() -> list[DailyJob]:
    """The jobs with a time of day set (an empty time turns a job off)."""
    jobs = [("overdue review reminders", overdue_review_reminders, settings.REVIEW_REMINDERS_AT)]
    return [
        DailyJob(name=name, task=task, at=datetime.time.fromisoformat(at)) for name, task, at in jobs if at
    ]


def enqueue_due_jobs(*, worker_id: str, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each daily job whose time has come today and that no worker has started today."""
    now = timezone.localtime(now)
    started = []
    for job in daily_jobs():
        if now.time() < job.at or ScheduledRun.objects.filter(job=job.name, day=now.date()).exists():
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, day=now.date(), worker_id=worker_id)
                job.task.enqueue()
        except IntegrityError:
            continue  # another worker started it
        started.append(job.name)
    return started
