"""A learner moves from one provider to another on the same service, through the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ksbtracker.evidence.models import EvidenceItem
from ksbtracker.lifecycle.models import ChangeKind
from ksbtracker.people.models import Enrolment, EnrolmentStatus, Role
from ksbtracker.scans.models import PriorLearning
from ksbtracker.transfer import instance_key
from ksbtracker.transfer.models import TransferredRecord
from tests.factories import MembershipFactory, UserFactory

from .helpers import FILE_TEXT, altered, demo_record, receiving_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.INSTANCE_KEY_FILE = str(tmp_path / "instance-key")
    settings.SIGNING_KEYS_FILE = str(tmp_path / "signing-keys")


@pytest.fixture
def moved(client):
    enrolment = demo_record()
    provider, admin = receiving_provider()
    sender_admin = enrolment.provider.memberships.get(role=Role.PROVIDER_ADMIN).user
    client.force_login(sender_admin)
    response = client.get(reverse("enrolment-export", args=[enrolment.pk]))
    assert response["Content-Type"] == "application/zip"
    return {
        "enrolment": enrolment,
        "provider": provider,
        "admin": admin,
        "data": b"".join(response.streaming_content),
    }


def upload(data):
    return {"file": SimpleUploadedFile("learner-record.zip", data, content_type="application/zip")}


def test_learner_moves_provider_and_their_new_assessor_sees_everything(client, moved):
    original = moved["enrolment"]
    evidence_before = list(EvidenceItem.objects.filter(enrolment=original).values("id", "status", "account"))
    same = client.post(reverse("record-import"), upload(moved["data"])).content.decode()
    assert "This record is already held by Northern University Probation Academy" in same
    client.force_login(moved["admin"])
    bad = client.post(
        reverse("record-import"), upload(altered(moved["data"], "reviews.json"))
    ).content.decode()
    assert "There is a problem" in bad and "The part reviews.json has been altered" in bad
    response = client.post(reverse("record-import"), upload(moved["data"]))
    new = Enrolment.objects.get(provider=moved["provider"])
    assert response["Location"] == new.get_absolute_url()
    again = client.post(reverse("record-import"), upload(moved["data"]), follow=True).content.decode()
    assert (
        "imported before. Nothing has changed" in again
        and Enrolment.objects.filter(provider=moved["provider"]).count() == 1
    )
    # The sending apprenticeship is closed as transferred and otherwise untouched.
    original.refresh_from_db()
    assert original.status == EnrolmentStatus.WITHDRAWN
    assert original.changes.get().kind == ChangeKind.TRANSFERRED
    assert (
        list(EvidenceItem.objects.filter(enrolment=original).values("id", "status", "account"))
        == evidence_before
    )
    # The new provider gives them an assessor, who sees and verifies everything they did.
    assessor = UserFactory(full_name="Kit Mensah")
    MembershipFactory(user=assessor, organisation=moved["provider"], role=Role.ASSESSOR)
    client.post(reverse("enrolment-change", args=[new.pk, "people"]), {
        "assessor": assessor.pk, "reason": "Assessor at the new provider",
        "effective_on_0": str(new.start_date.day), "effective_on_1": str(new.start_date.month),
        "effective_on_2": str(new.start_date.year)})  # fmt: skip
    client.force_login(assessor)
    record = TransferredRecord.objects.get()
    page = client.get(new.get_absolute_url()).content.decode()
    assert "Transferred from Northern University Probation Academy" in page
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Reflection on my first risk assessment" in page and "Not verified" not in page
    assert instance_key.key_fingerprint() in page
    file_sha = next(a["sha256"] for i in record.parts["evidence"] for a in i["attachments"])
    assert (
        b"".join(client.get(reverse("transferred-file", args=[record.pk, file_sha])).streaming_content)
        == FILE_TEXT
    )
    # What was signed off there is offered to the new skills scan as prior learning, with the evidence linked.
    client.post(reverse("transferred-offer", args=[record.pk]))
    offered = PriorLearning.objects.get(scan__enrolment=new, ksb__kind="K", ksb__number=6)
    assert "Reflection on my first risk assessment" in offered.experience
    assert record.get_absolute_url() in offered.experience


def test_the_about_page_shows_the_public_key(client):
    response = client.get(reverse("about"))
    assert instance_key.public_key_text() in response.content.decode()


@pytest.mark.parametrize(("who", "export", "record"), [
    ("sender_admin", 200, 404), ("receiving_admin", 404, 200), ("learner", 403, 200),
    ("sender_assessor", 403, 404), ("outsider", 404, 404),
])  # fmt: skip
def test_who_reaches_the_export_and_the_transferred_record(client, moved, who, export, record):
    client.force_login(moved["admin"])
    client.post(reverse("record-import"), upload(moved["data"]))
    transferred = TransferredRecord.objects.get()
    original = moved["enrolment"]
    people = {"sender_admin": original.provider.memberships.get(role=Role.PROVIDER_ADMIN).user,
              "receiving_admin": moved["admin"], "learner": original.learner,
              "sender_assessor": original.assessor, "outsider": UserFactory()}  # fmt: skip
    client.force_login(people[who])
    assert client.get(reverse("enrolment-export", args=[original.pk])).status_code == export
    assert client.get(transferred.get_absolute_url()).status_code == record
    importing = client.get(reverse("record-import")).status_code
    assert importing == (200 if who.endswith("admin") else 403)
