import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve KSB Tracker with gunicorn, configured from the environment (HOST, PORT, WEB_CONCURRENCY, "
        "THREADS, TIMEOUT, GRACEFUL_TIMEOUT, MAX_REQUESTS). SIGHUP restarts the workers gracefully."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        sys.stdout.flush()
        # gunicorn replaces this process, so signals from a process manager reach its master directly.
        os.execv(  # noqa: S606 (a fixed command: this Python running gunicorn)
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:ksbtracker.service.gunicorn_conf",
                "ksbtracker.wsgi:application",
            ],
        )
