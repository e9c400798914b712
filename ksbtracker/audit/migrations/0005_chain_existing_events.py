"""Chain the events already recorded, in the order they were recorded, and make checkpoints append-only.

The append-only trigger on events is lifted for the one pass that numbers and hashes the existing rows,
then created again: on SQLite the previous migration rebuilt the table, which drops its triggers (any later
migration that rebuilds an audit table on SQLite must create its trigger again too).
"""

from django.db import migrations

CHECKPOINT_SQLITE = [
    """CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_auditcheckpoint
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
]
CHECKPOINT_POSTGRES = [
    """CREATE TRIGGER audit_checkpoint_no_change BEFORE UPDATE OR DELETE ON audit_auditcheckpoint
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();""",
]
REVERSE = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_checkpoint_no_update;"],
    "postgresql": ["DROP TRIGGER IF EXISTS audit_checkpoint_no_change ON audit_auditcheckpoint;"],
}
LIFT = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_event_no_update;"],
    "postgresql": ["ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change;"],
}
RESTORE = {
    "sqlite": [
        """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
    ],
    "postgresql": ["ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_change;"],
}


def _number_and_hash(apps, cursor):
    from ksbtracker import keyring
    from ksbtracker.audit.chain import event_text

    unchained = apps.get_model("audit", "AuditEvent").objects.filter(sequence__isnull=True).order_by("id")
    sequence, previous = 0, ""
    while batch := list(unchained[:2000]):
        for event in batch:
            sequence += 1
            event.sequence, event.previous_hash = sequence, previous
            key_id, previous = keyring.seal(event_text(event))
            cursor.execute(
                "UPDATE audit_auditevent SET sequence = %s, previous_hash = %s, key_id = %s, hash = %s WHERE id = %s",
                [sequence, event.previous_hash, key_id, previous, event.pk],
            )


def chain_existing(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in LIFT.get(vendor, []):
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        _number_and_hash(apps, cursor)
    for statement in RESTORE.get(vendor, []):
        schema_editor.execute(statement)
    for statement in {"sqlite": CHECKPOINT_SQLITE, "postgresql": CHECKPOINT_POSTGRES}.get(vendor, []):
        schema_editor.execute(statement)


def unchain(apps, schema_editor):
    for statement in REVERSE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_event_chain_and_checkpoints")]

    operations = [migrations.RunPython(chain_existing, unchain)]
