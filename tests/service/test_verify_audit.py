"""``ksbtracker verify-audit`` as an operator runs it: a real process on a database of its own, exiting 0 on
an intact trail and 1, naming the first break, once an event has been deleted behind the application's back."""

import sqlite3
import subprocess

import psycopg
import pytest

from .servers import ServedDatabase, ksbtracker

RECORD = (
    "from ksbtracker.audit.api import record_change\n"
    "for i in range(5): record_change(actor=None, action=f'thing.changed_{i}', object_type='t', object_id=str(i))"
)


def _delete_event(database: ServedDatabase, sequence: int) -> None:
    if database.postgres:
        with psycopg.connect(database.url, autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")  # what a superuser can do
            conn.execute("DELETE FROM audit_auditevent WHERE sequence = %s", [sequence])
    else:
        with sqlite3.connect(database.folder / "served.sqlite3") as conn:
            conn.execute("DELETE FROM audit_auditevent WHERE sequence = ?", [sequence])


def test_verify_audit_exits_0_on_an_intact_trail_and_1_after_an_event_is_deleted(tmp_path):
    database = ServedDatabase(tmp_path)
    try:
        ksbtracker(database, "migrate", "-v0")
        ksbtracker(database, "shell", "-c", RECORD)
        intact = ksbtracker(database, "verify-audit", "--checkpoint")
        assert "The audit trail is intact: 5 events, up to event 5" in intact.stdout
        _delete_event(database, 3)
        with pytest.raises(subprocess.CalledProcessError) as broken:
            ksbtracker(database, "verify-audit")
        assert broken.value.returncode == 1
        assert "event 3 is missing (the trail goes from event 2 to event 4)" in broken.value.stderr
    finally:
        database.drop()
