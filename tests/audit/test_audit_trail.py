import pytest
from django.db import DatabaseError, connection, transaction

from ksbtracker.audit.api import record_change
from ksbtracker.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_records_who_when_what_before_and_after():
    user = UserFactory(email="pta@example.org")
    event = record_change(
        actor=user, action="enrolment.changed", instance=user, before={"a": 1}, after={"a": 2}
    )
    event.refresh_from_db()
    assert event.actor == user
    assert event.actor_label == "pta@example.org"
    assert event.object_type == "people.user"
    assert event.object_id == str(user.pk)
    assert event.before == {"a": 1}
    assert event.after == {"a": 2}
    assert event.at is not None


def test_the_system_is_named_when_no_person_acted():
    event = record_change(actor=None, action="standard.imported", object_type="standards.standardversion")
    assert event.actor is None
    assert event.actor_label == "system"


def test_the_application_cannot_edit_or_delete_events():
    event = record_change(actor=None, action="x", object_type="t")
    event.action = "y"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="y")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "x"


def test_the_database_refuses_to_change_events_even_in_raw_sql():
    event = record_change(actor=None, action="x", object_type="t")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "x"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="DELETE is refused in the database on PostgreSQL"
)
def test_postgresql_refuses_to_delete_events_in_raw_sql():
    event = record_change(actor=None, action="x", object_type="t")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_site_offers_no_way_to_change_the_trail(admin_client):
    event = record_change(actor=None, action="x", object_type="t")
    assert admin_client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    response = admin_client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "forged"})
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "x"


def test_changes_in_the_admin_site_are_audited(admin_client):
    from ksbtracker.people.models import Organisation

    organisation = Organisation.objects.create(name="Old name", kind="employer")
    response = admin_client.post(
        f"/admin/people/organisation/{organisation.pk}/change/",
        {"name": "New name", "kind": "employer", "ukprn": "",
         # The inline of employers a provider works with (none here).
         "employer_links-TOTAL_FORMS": "0", "employer_links-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="organisation.changed_in_admin")
    assert event.before["name"] == "Old name"
    assert event.after["name"] == "New name"
    assert event.actor.is_superuser
