"""Email leaves the request: the configured backend queues each message as a background job, and the worker
delivers it through ``EMAIL_DELIVERY_BACKEND`` (the console in the demo, SMTP in production)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from ksbtracker.jobs import retrying_task

__all__ = ["QueuedEmailBackend", "deliver_email"]


def _as_json(message) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            deliver_email.enqueue(_as_json(message))
        return len(email_messages)


@retrying_task(max_attempts=5)
def deliver_email(message: dict) -> None:
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    EmailMultiAlternatives(**message, connection=connection).send(fail_silently=False)
