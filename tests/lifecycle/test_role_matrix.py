"""The role × record matrix for the pages that change an apprenticeship and download its record.

Someone who cannot see the apprenticeship gets "not found", exactly as for an id that does not exist;
someone who can see it but not change it gets "forbidden"; the provider's admins and system admins get the page.
"""

import re

import pytest
from django.urls import reverse

from ksbtracker.lifecycle.models import EnrolmentChange
from tests.people.test_access import EXPECTED, world  # noqa: F401 - the shared world

pytestmark = pytest.mark.django_db

CHANGERS = {"provider_admin", "system_admin"}
PAGES = [("enrolment-change", kind) for kind in ("people", "employer", "hours", "break", "version", "gateway",
                                                  "withdraw")] + [("enrolment-export", None)]  # fmt: skip


def _without_what_varies(content: bytes) -> bytes:
    """The page without the CSRF token and the script nonce, which differ on every response."""
    return re.sub(rb'nonce="[^"]+"', b"", re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content))


def _url(name, kind, pk):
    return reverse(name, args=[pk, kind] if kind else [pk])


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize(("name", "kind"), PAGES)
@pytest.mark.parametrize("which", ["own", "other"])
def test_change_pages_and_the_record_download_by_role(client, world, role, name, kind, which):  # noqa: F811
    client.force_login(world["people"][role])
    enrolment = world[which]
    response = client.get(_url(name, kind, enrolment.pk))
    sees = EXPECTED[role][0 if which == "own" else 1]
    if not sees:
        assert response.status_code == 404
        missing = client.get(_url(name, kind, 999999))
        assert _without_what_varies(missing.content) == _without_what_varies(response.content)
    elif role in CHANGERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
    if kind:
        client.post(_url(name, kind, enrolment.pk), {"reason": "x"})
        assert not EnrolmentChange.objects.exists()
