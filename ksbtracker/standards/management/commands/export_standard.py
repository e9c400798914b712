"""``ksbtracker export-standard REFERENCE VERSION``: a stored standard version as standards API JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from ksbtracker.standards.exporter import export_standard_document
from ksbtracker.standards.models import StandardVersion


class Command(BaseCommand):
    help = "Write a stored standard version to standard output in the standards API JSON shape."

    def add_arguments(self, parser):
        parser.add_argument("reference", metavar="REFERENCE", help='The reference number, e.g. "ST0494".')
        parser.add_argument("version", metavar="VERSION", help='The version, e.g. "1.1".')

    def handle(self, *args, reference: str, version: str, **options):
        versions = StandardVersion.objects.filter(reference_number__iexact=reference.strip())
        standard = versions.filter(version=version.strip()).first()
        if standard is None:
            stored = ", ".join(versions.values_list("version", flat=True))
            known = (
                f" Stored versions of {reference}: {stored}."
                if stored
                else f" No version of {reference} is stored."
            )
            raise CommandError(f"There is no standard {reference} version {version}.{known}")
        self.stdout.write(json.dumps(export_standard_document(standard), indent=2, ensure_ascii=False))
