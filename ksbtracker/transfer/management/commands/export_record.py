from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ksbtracker.people.models import Enrolment
from ksbtracker.transfer.export import export_record


class Command(BaseCommand):
    help = "Write an apprentice's whole record to one signed file another provider can import."

    def add_arguments(self, parser):
        parser.add_argument("enrolment_id", type=int)
        parser.add_argument("--output", required=True, help="The file to write (a ZIP).")

    def handle(self, *args, enrolment_id, output, **options):
        enrolment = (
            Enrolment.objects.select_related("learner", "provider", "standard_version")
            .filter(pk=enrolment_id)
            .first()
        )
        if enrolment is None:
            raise CommandError(f"No enrolment {enrolment_id}.")
        data = export_record(enrolment)
        Path(output).write_bytes(data)
        self.stdout.write(f"exported: {enrolment.learner.full_name}'s record to {output} ({len(data)} bytes)")
