"""``ksbtracker next-review``: when the next progress review is due, by the rules for the start date."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.funding.models import ReviewInterval
from ksbtracker.funding.schedule import describe_interval, next_review_due

from ._arguments import one_line, parse_date, parse_whole_number


class Command(BaseCommand):
    help = (
        "The date the next progress review is due by. The due date, YYYY-MM-DD, is alone on the last line. "
        "Use --every and --unit for a frequency agreed with the employer."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="The apprentice's start date, YYYY-MM-DD.")
        parser.add_argument("--last-review", required=True, help="The last review's date, YYYY-MM-DD.")
        parser.add_argument("--every", help="An agreed review interval (with --unit), e.g. 8.")
        parser.add_argument(
            "--unit", help=f"The agreed interval's unit: {' or '.join(ReviewInterval.values)}."
        )

    def handle(self, *args, **options):
        start_date = parse_date(options["start"], option="--start")
        last_review = parse_date(options["last_review"], option="--last-review")
        if last_review < start_date:
            raise CommandError("--last-review cannot be before --start: check both dates.")
        agreed_interval = self._agreed_interval(options["every"], options["unit"])
        try:
            rule_set = rule_set_for_start(start_date)
            due = next_review_due(rule_set=rule_set, last_review=last_review, agreed_interval=agreed_interval)
            frequency = describe_interval(rule_set=rule_set, agreed_interval=agreed_interval)
        except ValidationError as error:
            raise CommandError(one_line(error)) from None
        self.stdout.write(f"Funding rules: {rule_set.name}")
        self.stdout.write(f"Reviews: {frequency}{' (agreed with the employer)' if agreed_interval else ''}")
        self.stdout.write(f"Last review: {last_review.isoformat()}")
        self.stdout.write("Next review due by:")
        self.stdout.write(due.isoformat())

    def _agreed_interval(self, every: str | None, unit: str | None) -> tuple[int, str] | None:
        if every is None and unit is None:
            return None
        if every is None or unit is None:
            raise CommandError("Give both --every and --unit for an agreed review frequency, or neither.")
        if unit not in ReviewInterval.values:
            raise CommandError(f"--unit must be {' or '.join(ReviewInterval.values)} (got {unit!r}).")
        return parse_whole_number(str(every), option="--every"), unit
