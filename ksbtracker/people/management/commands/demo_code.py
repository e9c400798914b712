from django.core.management.base import BaseCommand

from ksbtracker.people.demo import DEMO_SECOND_FACTOR, demo_code


class Command(BaseCommand):
    help = "Print the code the demo authenticator shows now (for " + ", ".join(DEMO_SECOND_FACTOR) + ")."

    def handle(self, *args, **options):
        self.stdout.write(demo_code())
