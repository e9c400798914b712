"""Every change of a person's roles through the system admin is an audit event with before and after:
memberships added, changed or removed in the inline, and the admin flags and groups on the person."""

import pytest
from django.contrib.auth.models import Group

from ksbtracker.audit.models import AuditEvent
from ksbtracker.people.models import Membership, Role
from tests.factories import MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user_form(user, memberships=(), **changes):
    data = {
        "email": user.email, "full_name": user.full_name, "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"), "date_joined_1": "09:00:00",
        "last_login_0": "", "last_login_1": "",
        "memberships-TOTAL_FORMS": str(len(memberships)), "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    initial = 0
    for index, row in enumerate(memberships):
        for key, value in row.items():
            data[f"memberships-{index}-{key}"] = value
        data[f"memberships-{index}-user"] = str(user.pk)
        initial += 1 if row.get("id") else 0
    data["memberships-INITIAL_FORMS"] = str(initial)
    data.update(changes)
    return data


def _post(admin_client, user, data):
    response = admin_client.post(f"/admin/people/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_membership_added_in_the_admin_inline_is_audited_and_shown_to_the_providers_admins(admin_client, client):
    provider, user = ProviderFactory(), UserFactory()
    _post(admin_client, user, _user_form(user, [{"id": "", "organisation": str(provider.pk), "role": "provider_admin"}]))
    membership = Membership.objects.get(user=user)
    event = AuditEvent.objects.get(action="membership.added_in_admin")
    assert event.after == {"id": membership.pk, "user_id": user.pk, "organisation_id": provider.pk, "role": "provider_admin"}
    assert event.actor.is_superuser and event.provider_ref == provider.pk
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=provider, role=Role.PROVIDER_ADMIN)
    client.force_login(colleague)
    assert "membership.added_in_admin" in client.get("/audit-trail/").content.decode()


def test_a_role_changed_or_removed_in_the_inline_is_audited_with_before_and_after(admin_client):
    provider, user = ProviderFactory(), UserFactory()
    membership = MembershipFactory(user=user, organisation=provider, role=Role.ASSESSOR)
    row = {"id": str(membership.pk), "organisation": str(provider.pk), "role": "provider_admin"}
    _post(admin_client, user, _user_form(user, [row]))
    event = AuditEvent.objects.get(action="membership.changed_in_admin")
    assert (event.before["role"], event.after["role"]) == ("assessor", "provider_admin")
    _post(admin_client, user, _user_form(user, [{**row, "DELETE": "on"}]))
    event = AuditEvent.objects.get(action="membership.deleted_in_admin")
    assert event.before["role"] == "provider_admin" and event.after is None
    assert event.object_id == str(membership.pk) and event.provider_ref == provider.pk
    assert not Membership.objects.filter(user=user).exists()


def test_admin_flags_and_groups_are_audited_with_before_and_after(admin_client):
    user, group = UserFactory(), Group.objects.create(name="Auditors")
    _post(admin_client, user, _user_form(user, is_staff="on", is_superuser="on", groups=[str(group.pk)]))
    event = AuditEvent.objects.get(action="user.changed_in_admin")
    assert (event.before["is_superuser"], event.after["is_superuser"]) == (False, True)
    assert (event.before["is_staff"], event.after["is_staff"]) == (False, True)
    assert event.after["password"] == "(hashed, not recorded)"
    event = AuditEvent.objects.get(action="user.groups_changed_in_admin")
    assert (event.before, event.after) == ({"groups": []}, {"groups": ["Auditors"]})
