"""``ksbtracker verify-audit``: walk the audit trail's chain and report the first break; exit 1 if there is one."""

from django.core.management.base import BaseCommand, CommandError

from ksbtracker.audit.chain import verify_chain, write_checkpoint


class Command(BaseCommand):
    help = (
        "Check every audit event against the one before it and the signing key, and the signed checkpoints "
        "against the trail. Prints the first break and exits with status 1; with --checkpoint, signs where "
        "an unbroken trail has got to."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint", action="store_true", help="after a clean check, write a signed checkpoint"
        )

    def handle(self, *args, checkpoint=False, **options):
        report = verify_chain()
        if report.problem:
            raise CommandError(
                f"The audit trail is broken: {report.problem}. "
                f"{report.events} events checked before the break."
            )
        self.stdout.write(
            f"The audit trail is intact: {report.events} events, up to event {report.last_sequence}; "
            f"{report.checkpoints} signed checkpoints agree."
        )
        if checkpoint:
            written = write_checkpoint()
            if written is not None:
                self.stdout.write(f"Checkpoint signed at event {written.sequence} ({written.event_hash}).")
