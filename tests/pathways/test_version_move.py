"""Moving an apprentice from ST0494 v1.0 to v1.1 by the confirmed crosswalk."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ksbtracker.evidence.models import EvidenceItem
from ksbtracker.evidence.services import add_attachment, assess_item, create_item, submit_item
from ksbtracker.pathways.crosswalk import confirm_crosswalk, suggest
from ksbtracker.people.models import Enrolment, EnrolmentStatus, Role
from ksbtracker.progress.services import log_otj_hours
from ksbtracker.progress.status import KSBStatus, ksb_statuses
from ksbtracker.reviews.services import sign_off_ksbs
from ksbtracker.standards.builtin import load_builtin_standards
from ksbtracker.standards.models import StandardVersion
from tests.evidence.helpers import details
from tests.factories import EnrolmentFactory, MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world():
    load_builtin_standards()
    old = StandardVersion.objects.get(reference_number="ST0494", version="1.0")
    new = StandardVersion.objects.get(reference_number="ST0494", version="1.1")
    provider = ProviderFactory()
    admin, assessor = UserFactory(), UserFactory()
    MembershipFactory(user=admin, organisation=provider, role=Role.PROVIDER_ADMIN)
    MembershipFactory(user=assessor, organisation=provider, role=Role.ASSESSOR)
    enrolment = EnrolmentFactory(provider=provider, assessor=assessor, standard_version=old,
                                 start_date=TODAY - datetime.timedelta(days=100),
                                 planned_end_date=TODAY + datetime.timedelta(days=400))  # fmt: skip
    learner = enrolment.learner
    item = create_item(enrolment=enrolment, actor=learner, details=details(enrolment, codes=("K7", "K5"),
                       title="Team meeting reflection", activity_date=TODAY - datetime.timedelta(days=10)))  # fmt: skip
    add_attachment(
        item=item, actor=learner, upload=SimpleUploadedFile("notes.txt", b"Team notes\n", "text/plain")
    )
    submit_item(item=item, actor=learner)
    assess_item(item=item, actor=assessor, decisions={k.pk: ("met", "") for k in item.mapped_ksbs})
    k7 = old.ksbs.get(kind="K", number=7)
    sign_off_ksbs(enrolment=enrolment, actor=assessor, ksb_ids=[k7.pk])
    log_otj_hours(enrolment=enrolment, actor=learner, date=TODAY - datetime.timedelta(days=5),
                  activity="Team work workshop", hours=3, ksb_ids=[k7.pk])  # fmt: skip
    return {"old": old, "new": new, "admin": admin, "enrolment": enrolment, "k7": k7}


def test_move_needs_a_confirmed_crosswalk_then_carries_everything_over(client, world):
    enrolment = world["enrolment"]
    client.force_login(world["admin"])
    url = reverse("enrolment-change", args=[enrolment.pk, "version"])
    data = {"to_version": world["new"].pk, "reason": "v1.0 retired", "effective_on_0": str(TODAY.day),
            "effective_on_1": str(TODAY.month), "effective_on_2": str(TODAY.year)}  # fmt: skip
    refused = client.post(url, data).content.decode()
    assert "Confirm the crosswalk to version 1.1 first" in refused
    choices = {s.from_ksb.pk: s.to_ksb.pk if s.to_ksb else None for s in suggest(world["old"], world["new"])}
    confirm_crosswalk(
        actor=world["admin"], from_version=world["old"], to_version=world["new"], choices=choices
    )
    before = list(EvidenceItem.objects.filter(enrolment=enrolment).values("id", "status", "title"))
    response = client.post(url, data)
    moved = Enrolment.objects.get(standard_version=world["new"])
    assert response["Location"] == moved.get_absolute_url() + "#timeline"
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    assert list(EvidenceItem.objects.filter(enrolment=enrolment).values("id", "status", "title")) == before
    statuses = {p.ksb.pk: p.status for p in ksb_statuses(moved)}
    teamwork = choices[world["k7"].pk]
    assert statuses[teamwork] == KSBStatus.SIGNED_OFF
    mapped_to = {v for v in choices.values() if v}
    unmapped = [pk for pk in statuses if pk not in mapped_to]
    assert unmapped and all(statuses[pk] == KSBStatus.NOT_STARTED for pk in unmapped)
    assert moved.otj_log.get().ksbs.get().pk == teamwork
    new_item = moved.evidence_items.get()
    attachment = new_item.attachments.get()
    download = client.get(attachment.get_absolute_url())
    assert b"".join(download.streaming_content) == b"Team notes\n"
    page = client.get(enrolment.get_absolute_url()).content.decode()
    assert "Moved to ST0494 version 1.1" in page and "Its record is read-only" in page
