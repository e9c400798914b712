import time

from django.core.management.base import BaseCommand, CommandError

from ksbtracker.progress.generate import generate_national_data


class Command(BaseCommand):
    help = "Add a realistic national dataset of N generated apprenticeships (bulk inserts); after setup --demo."

    def add_arguments(self, parser):
        parser.add_argument("--enrolments", type=int, required=True, help="How many apprenticeships to add.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data.")

    def handle(self, *args, enrolments, seed, **options):
        if enrolments < 1:
            raise CommandError("--enrolments must be 1 or more")
        began = time.monotonic()
        try:
            made = generate_national_data(enrolments=enrolments, seed=seed, log=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Generated {made} enrolments in {time.monotonic() - began:.0f} s"))
