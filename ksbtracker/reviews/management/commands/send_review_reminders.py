from django.core.management.base import BaseCommand
from django.db import transaction

from ksbtracker.people.models import Enrolment, EnrolmentStatus
from ksbtracker.people.notifications import notify, provider_admins_of
from ksbtracker.reviews.selectors import review_due


class Command(BaseCommand):
    help = "Email everyone involved about overdue progress reviews (run it daily, e.g. from cron)."

    def handle(self, *args, **options):
        enrolments = (
            Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE)
            .select_related("learner", "assessor", "line_manager", "funding_rule_set")
            .prefetch_related("progress_reviews", "review_frequencies", "breaks")
        )
        overdue = 0
        with transaction.atomic():
            for enrolment in enrolments:
                due = review_due(enrolment)
                if not due.overdue:
                    continue
                overdue += 1
                notify(
                    recipients=[enrolment.learner, enrolment.assessor, enrolment.line_manager,
                                *provider_admins_of(enrolment)],
                    subject=f"Progress review overdue for {enrolment.learner.full_name}",
                    message=f"A progress review for {enrolment.learner.full_name} was due by "
                    f"{due.due_by:%-d %B %Y} and has not been held and signed.",
                    path=f"/apprentices/{enrolment.pk}/progress/#reviews",
                )  # fmt: skip
        self.stdout.write(f"overdue reviews: {overdue}")
