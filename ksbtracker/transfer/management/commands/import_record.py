from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ksbtracker.people.models import Organisation, OrganisationKind
from ksbtracker.transfer.importer import RecordRefused, import_record


class Command(BaseCommand):
    help = "Import a learner record exported by another provider; refuse (exit status 1) a file that fails its checks."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--provider", required=True, help="The receiving training provider's name.")

    def handle(self, *args, file, provider, **options):
        receiving = Organisation.objects.filter(name=provider, kind=OrganisationKind.PROVIDER).first()
        if receiving is None:
            raise CommandError(f"No training provider named {provider!r}.")
        try:
            record, created = import_record(Path(file).read_bytes(), provider=receiving)
        except (OSError, RecordRefused) as error:
            raise CommandError(f"refused: {error}") from None
        state = "imported" if created else "already imported, nothing changed"
        self.stdout.write(
            f"{state}: {record.enrolment.learner.full_name}, transferred from {record.sender_name} "
            f"(key {record.sender_key_fingerprint}) as enrolment {record.enrolment_id} at {receiving.name}"
        )
