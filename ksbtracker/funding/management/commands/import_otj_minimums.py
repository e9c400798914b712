"""``ksbtracker import-otj-minimums FILE``: load published minimum OTJ hours from a CSV file."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ksbtracker.funding.otj_minimums import COLUMNS, import_published_minimums

from ._arguments import one_line


class Command(BaseCommand):
    help = (
        "Load published minimum OTJ hours per standard version from a CSV file with the columns: "
        f"{', '.join(COLUMNS)}. Each row loads whole or not at all; a report says which."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"No file {path} was found.") from None
        except (OSError, UnicodeDecodeError):
            raise CommandError(f"{path} could not be read as a UTF-8 CSV file.") from None
        try:
            report = import_published_minimums(actor=None, text=text, source_name=path.name)
        except ValidationError as error:
            raise CommandError(one_line(error)) from None
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(
            f"{len(report.added)} added, {len(report.changed)} changed, {len(report.unchanged)} already recorded, "
            f"{len(report.refused)} not loaded."
        )
        if report.refused:
            raise CommandError(f"{len(report.refused)} row(s) were not loaded: see the report above.")
