"""``ksbtracker import-standard PATH [PATH …]``: import standards API JSON files, or folders of them."""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ksbtracker.standards.importer import FAILED, IMPORTED, UNCHANGED, ImportOutcome, import_standard_paths


class Command(BaseCommand):
    help = (
        "Import apprenticeship standards from standards API JSON files; a folder means every *.json in it. "
        "Prints a line for each file that failed or needed care, then a summary. Exits with status 0 "
        "even when files failed (they are reported); a PATH that does not exist is an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="A JSON file or a folder.")

    def handle(self, *args, paths: list[Path], verbosity: int = 1, **options):
        try:
            outcomes = import_standard_paths(paths=paths)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        for outcome in outcomes:
            self._report(outcome, every_message=verbosity >= 2)
        counts = Counter(outcome.status for outcome in outcomes)
        self.stdout.write(
            f"{IMPORTED}: {counts[IMPORTED]}, {UNCHANGED}: {counts[UNCHANGED]}, {FAILED}: {counts[FAILED]}"
        )

    def _report(self, outcome: ImportOutcome, *, every_message: bool) -> None:
        failed = outcome.status == FAILED
        if not (failed or outcome.needed_care or (every_message and outcome.messages)):
            return
        heading = "failed" if failed else "needed care" if outcome.needed_care else outcome.status
        style = self.style.ERROR if failed else self.style.WARNING if outcome.needed_care else str
        if every_message:
            for message in outcome.messages:
                self.stdout.write(style(f"{heading}: {message}"))
            return
        more = len(outcome.messages) - 1
        suffix = f" (and {more} more; -v 2 lists them all)" if more else ""
        self.stdout.write(style(f"{heading}: {outcome.messages[0]}{suffix}"))
