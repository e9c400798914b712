"""Background jobs in the database: emails leave the request, failures are retried later and shown to the
system admin, and the daily reminders are started by whichever worker comes first."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ksbtracker.service.models import ScheduledRun
from ksbtracker.service.schedule import enqueue_due_jobs
from tests.factories import UserFactory

from .servers import free_port


@pytest.fixture
def database_jobs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "ksbtracker.people.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REVIEW_REMINDERS_AT = ""


def run_worker():
    call_command("worker", "--batch", verbosity=0)


def test_a_password_reset_email_is_sent_by_the_worker_not_the_request(committed_db, client, database_jobs):
    person = UserFactory(email="dana@example.org")
    response = client.post("/password/forgotten/", {"email": person.email})
    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()
    assert [m.to for m in mail.outbox] == [["dana@example.org"]]
    assert "/password/choose/" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failed_delivery_is_retried_later_and_shown_to_the_system_admin(
    committed_db, client, database_jobs, settings
):
    # A real SMTP connection to a port nobody listens on.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    mail.send_mail("Evidence to assess", "Please look.", None, ["assessor@example.org"])

    before = timezone.now()
    run_worker()
    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert (
        before + datetime.timedelta(seconds=29)
        < retry.run_after
        < timezone.now() + datetime.timedelta(seconds=31)
    )
    run_worker()  # not yet due: nothing runs
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    retry_of_retry = DBTaskResult.objects.get(status="READY")
    assert retry_of_retry.args_kwargs["kwargs"] == {"attempt": 3}
    assert retry_of_retry.run_after > timezone.now() + datetime.timedelta(seconds=59)

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert listing.status_code == 200
    assert listing.content.decode().count("deliver_email") == 2
    detail = client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/").content.decode()
    assert "ConnectionRefusedError" in detail


def test_a_job_that_keeps_failing_stops_after_its_last_attempt(committed_db, database_jobs, settings):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    mail.send_mail("Evidence to assess", "Please look.", None, ["assessor@example.org"])
    for _ in range(6):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 5
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_daily_reminders_start_once_a_day_after_their_time(committed_db, database_jobs, settings):
    settings.REVIEW_REMINDERS_AT = "07:00"
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    early = datetime.datetime.combine(today, datetime.time(6, 59), tzinfo=tz)
    later = datetime.datetime.combine(today, datetime.time(7, 1), tzinfo=tz)

    assert enqueue_due_jobs(worker_id="a", now=early) == []
    assert enqueue_due_jobs(worker_id="a", now=later) == ["overdue review reminders"]
    assert enqueue_due_jobs(worker_id="b", now=later) == []
    assert ScheduledRun.objects.get().worker_id == "a"
    assert DBTaskResult.objects.get().task_name.endswith("overdue_review_reminders")
    tomorrow = later + datetime.timedelta(days=1)
    assert enqueue_due_jobs(worker_id="b", now=tomorrow) == ["overdue review reminders"]
