"""Background jobs through Django's Tasks API (the ``django-tasks`` backport of ``django.tasks``).

``retrying_task`` is ``@task`` with retries: a job that raises is enqueued again with an exponentially
growing delay, up to ``max_attempts``; every failed attempt stays on record (with its traceback) for the
system admin. Backends that cannot delay a job (the immediate backend in tests) do not retry.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from django.utils import timezone
from django_tasks import task

__all__ = ["retrying_task", "retry_delay"]


def retry_delay(*, attempt: int, first: timedelta) -> timedelta:
    """Wait before attempt ``attempt + 1``: first, 2×first, 4×first, …"""
    return first * 2 ** (attempt - 1)


def retrying_task(*, max_attempts: int = 5, first_delay: timedelta = timedelta(seconds=30), **options):
    def decorate(function):
        @wraps(function)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt < max_attempts and job.get_backend().supports_defer:
                    later = timezone.now() + retry_delay(attempt=attempt, first=first_delay)
                    job.using(run_after=later).enqueue(*args, attempt=attempt + 1, **kwargs)
                raise

        job = task(**options)(run)
        return job

    return decorate
