"""The audit trail is one keyed chain: ``ksbtracker verify-audit`` finds an event deleted, altered or added
outside the application, and a trail cut short after a signed checkpoint, on SQLite and PostgreSQL."""

import datetime
import hashlib
import threading
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from ksbtracker.audit.api import record_change
from ksbtracker.audit.models import AuditCheckpoint, AuditEvent

pytestmark = pytest.mark.django_db


def _events(count, start=0):
    return [
        record_change(actor=None, action=f"thing.changed_{i}", object_type="tests.thing", object_id=str(i),
                      before={"n": Decimal("1.50"), "on": datetime.date(2026, 1, i % 28 + 1)}, after={"n": i})
        for i in range(start, start + count)
    ]  # fmt: skip


def _tamper(statement, params=()):
    """What someone with the database's owner (or superuser) role can do: lift the append-only triggers, then
    change rows. The role the application should run as cannot (see test_database_role.py)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as if the events were written in earlier sessions
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        cursor.execute(statement, params)


def _verify() -> str:
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert error.value.returncode == 1
    return str(error.value)


def test_an_untouched_trail_is_intact_and_can_be_checkpointed(capsys):
    _events(5)
    call_command("verify_audit", "--checkpoint")
    out = capsys.readouterr().out
    assert "The audit trail is intact: 5 events, up to event 5" in out
    assert "Checkpoint signed at event 5" in out
    assert AuditCheckpoint.objects.get().sequence == 5
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.database_owner
def test_a_deleted_event_is_reported_as_missing():
    events = _events(5)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    message = _verify()
    assert "event 3 is missing (the trail goes from event 2 to event 4)" in message


@pytest.mark.database_owner
def test_an_altered_event_is_reported_even_with_its_hash_recomputed():
    events = _events(4)
    forged_hash = hashlib.sha256(b"anything").hexdigest()
    _tamper("UPDATE audit_auditevent SET action = %s, hash = %s WHERE id = %s",
            ["thing.forged", forged_hash, events[1].pk])  # fmt: skip
    assert "event 2 (thing.forged on tests.thing 1) has been altered" in _verify()


@pytest.mark.database_owner
def test_an_event_relinked_to_another_is_reported():
    events = _events(4)
    _tamper("UPDATE audit_auditevent SET previous_hash = %s WHERE id = %s", [events[0].hash, events[2].pk])
    assert "event 3 does not follow event 2: the hash it names differs" in _verify()


@pytest.mark.database_owner
def test_a_tail_cut_after_a_checkpoint_is_reported(settings):
    settings.AUDIT_CHECKPOINT_EVERY = 5
    _events(7)
    assert AuditCheckpoint.objects.get().sequence == 5
    _tamper("DELETE FROM audit_auditevent WHERE sequence > %s", [3])
    message = _verify()
    assert "the trail ends at event 3, but a checkpoint of" in message
    assert "recorded event 5: the events after 3 have been removed" in message


@pytest.mark.database_owner
def test_an_emptied_trail_is_reported_against_its_checkpoint():
    _events(3)
    call_command("verify_audit", "--checkpoint")
    _tamper("TRUNCATE audit_auditevent" if connection.vendor == "postgresql" else "DELETE FROM audit_auditevent")
    assert "the trail ends at event 0" in _verify()


def test_an_event_added_outside_the_application_is_reported():
    _events(2)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, actor_label, action, object_type, object_id, object_label, "
            "previous_hash, key_id, hash) VALUES (%s, 'system', 'thing.invented', 't', '', '', '', '', '')",
            [datetime.datetime.now(datetime.UTC)],
        )
    assert "was added outside the chain" in _verify()


def test_a_forged_checkpoint_is_reported():
    _events(2)
    call_command("verify_audit", "--checkpoint")
    checkpoint = AuditCheckpoint.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditcheckpoint (at, sequence, event_hash, key_id, mac) VALUES (%s, %s, %s, %s, %s)",
            [datetime.datetime.now(datetime.UTC), 9, checkpoint.event_hash, checkpoint.key_id, checkpoint.mac],
        )
    assert "the checkpoint at event 9 has been altered or forged" in _verify()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes one writer at a time")
def test_concurrent_writers_on_postgresql_extend_one_chain():
    failures = []

    def write(worker):
        try:
            for i in range(15):
                record_change(actor=None, action="thing.raced", object_type="t", object_id=f"{worker}-{i}")
        except Exception as error:  # noqa: BLE001 - any failure to append is what this test looks for
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert AuditEvent.objects.count() == 90
    call_command("verify_audit")
