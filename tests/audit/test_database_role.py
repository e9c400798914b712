"""Run as a PostgreSQL role that owns nothing (README, "A database role that owns nothing"), the application
cannot get round the audit trail's protections at all: no UPDATE, DELETE or TRUNCATE of events, no lifting
of triggers, no replication mode. .ci/run runs the PostgreSQL suite as such a role."""

import pytest
from django.db import DatabaseError, connection, transaction

from ksbtracker.audit.api import record_change

pytestmark = pytest.mark.django_db


def _owns_the_audit_table() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') OR "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
            "FROM pg_tables WHERE tablename = 'audit_auditevent'"
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "DELETE FROM audit_auditcheckpoint",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_event_no_change ON audit_auditevent",
        "SET session_replication_role = replica",
    ],
)
def test_the_application_role_cannot_touch_the_trail(statement):
    if connection.vendor != "postgresql" or _owns_the_audit_table():
        pytest.skip("runs when connected as a PostgreSQL role that owns nothing")
    record_change(actor=None, action="thing.kept", object_type="t")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE action = 'thing.kept'")
        assert cursor.fetchone()[0] == 1
