"""Two ``ksbtracker worker`` processes on one database: every job runs once, the daily reminders start once."""

import re
import time
from collections import Counter

import pytest

from .servers import Process, ServedDatabase, ksbtracker

ENQUEUE_FORTY_EMAILS = (
    "from django.core.mail import send_mail\n"
    "for i in range(40): send_mail(f'Job {i:02}', 'Numbered.', None, [f'person{i}@example.org'])\n"
)


@pytest.fixture
def demo_database(tmp_path):
    database = ServedDatabase(tmp_path)
    ksbtracker(database, "setup", "--demo")
    yield database
    database.drop()


def sent_emails(*workers) -> Counter:
    """(subject, recipient) of every email the workers printed (the console email backend)."""
    text = "".join(worker.output for worker in workers)
    return Counter(re.findall(r"^Subject: (.+)\nFrom: .+\nTo: (.+)$", text, flags=re.MULTILINE))


def test_two_workers_run_each_job_once_and_send_the_reminders_once(demo_database):
    ksbtracker(demo_database, "shell", "-c", ENQUEUE_FORTY_EMAILS)
    workers = [
        Process(demo_database, "worker", "--interval", "0.2", name=f"worker-{n}", REVIEW_REMINDERS_AT="00:00")
        for n in (1, 2)
    ]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            emails = sent_emails(*workers)
            jobs = [e for e in emails if e[0].startswith("Job ")]
            reminders = [e for e in emails if "Progress review overdue" in e[0]]
            if len(jobs) == 40 and reminders:
                break
            time.sleep(0.5)
        time.sleep(3)  # time for a second worker to send anything twice
    finally:
        for worker in workers:
            assert worker.stop() == 0

    emails = sent_emails(*workers)
    assert sorted(s for s, _ in emails if s.startswith("Job ")) == [f"Job {i:02}" for i in range(40)]
    reminders = {e: n for e, n in emails.items() if "Progress review overdue" in e[0]}
    assert reminders, "the overdue review in the demo data is reminded"
    assert set(reminders.values()) == {1}, f"a reminder was sent twice: {reminders}"
    assert "learner2@example.org" in {to for _, to in reminders}
    started = "".join(w.output for w in workers).count("started the daily job: overdue review reminders")
    assert started == 1
    assert max(emails.values()) == 1
