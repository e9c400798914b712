import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from ksbtracker.service.schedule import enqueue_due_jobs

logger = logging.getLogger("ksbtracker.worker")


class Command(BaseCommand):
    help = (
        "Run background jobs (emails, daily overdue review reminders at REVIEW_REMINDERS_AT). "
        "Run as many as you like, on as many machines: each job runs once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when idle.")
        parser.add_argument("--worker-id", default="", help="Unique name (default: random).")
        parser.add_argument("--batch", action="store_true", help="Run what is due and ready, then stop.")

    def handle(self, *args, interval: float, worker_id: str, batch: bool, verbosity: int, **options):
        worker_id = worker_id or get_random_string(32)
        logging.getLogger("django_tasks").setLevel(logging.INFO if verbosity else logging.WARNING)
        worker = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
        )
        if not batch:
            worker.configure_signals()  # SIGTERM/SIGINT: finish the job in hand, then stop
            self.stdout.write(f"worker {worker_id} started")
            self.stdout.flush()
        while worker.running:
            close_old_connections()
            for name in enqueue_due_jobs(worker_id=worker_id):
                logger.warning("worker %s started the daily job: %s", worker_id, name)
            worker.run()  # every job that is ready, then back here
            if batch:
                return
            if worker.running:
                time.sleep(interval)
