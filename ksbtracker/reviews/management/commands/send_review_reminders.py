from django.core.management.base import BaseCommand

from ksbtracker.reviews.reminders import send_overdue_review_reminders


class Command(BaseCommand):
    help = (
        "Email everyone involved about overdue progress reviews now. "
        "`ksbtracker worker` already does this once a day (REVIEW_REMINDERS_AT)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"overdue reviews: {send_overdue_review_reminders()}")
