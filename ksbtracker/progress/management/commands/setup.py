from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from ksbtracker.people.demo import DEMO_PASSWORD, DEMO_SECOND_FACTOR, demo_secret, load_demo_data
from ksbtracker.people.models import Enrolment
from ksbtracker.progress.demo import load_demo_activity
from ksbtracker.progress.summary import refresh_all_progress
from ksbtracker.standards.builtin import load_builtin_standards
from ksbtracker.standards.frameworks import load_builtin_frameworks


class Command(BaseCommand):
    help = "Migrate the database and load the built-in standards and frameworks (idempotent); --demo adds demo people."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create demo organisations, people, enrolments and activity.",
        )

    def handle(self, *args, demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        for outcome in load_builtin_standards():
            self.stdout.write(f"{outcome.source}: {outcome.status}")
        load_builtin_frameworks()
        self.stdout.write("Built-in frameworks loaded.")
        missing = Enrolment.objects.filter(progress_summary__isnull=True)
        if missing.exists():
            self.stdout.write(f"Progress summaries worked out: {refresh_all_progress(missing)}")
        if demo:
            logins = load_demo_data()
            # The demo's own activity emails nobody.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                load_demo_activity()
            self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
            for email, role in logins:
                self.stdout.write(f"  {email:<24} {role}")
            self.stdout.write(
                f"{', '.join(DEMO_SECOND_FACTOR)} also need a code: run `ksbtracker demo-code` for the current "
                f"one, or add the secret {demo_secret()} to an authenticator app."
            )
