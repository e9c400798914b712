"""A full demo record (scan, plan, evidence with a file, OTJ log, signed review) and ways to alter a file."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from ksbtracker.evidence.services import add_attachment, assess_item, create_item, submit_item
from ksbtracker.people.demo import load_demo_data
from ksbtracker.people.models import Enrolment, Organisation, OrganisationKind, Role
from ksbtracker.people.services import add_membership, create_user
from ksbtracker.progress.demo import load_demo_activity
from ksbtracker.standards.builtin import load_builtin_standards
from ksbtracker.standards.frameworks import load_builtin_frameworks
from tests.evidence.helpers import details

FILE_TEXT = "Notes from supervision – reflections on risk.\n".encode()


def demo_record() -> Enrolment:
    """learner2's apprenticeship from the demo, with one more accepted item carrying a file."""
    load_builtin_standards()
    load_builtin_frameworks()
    load_demo_data()
    load_demo_activity()
    enrolment = Enrolment.objects.get(learner__email="learner2@example.org")
    item = create_item(enrolment=enrolment, actor=enrolment.learner,
                       details=details(enrolment, codes=("K1", "S2"), title="Supervision notes"))  # fmt: skip
    add_attachment(item=item, actor=enrolment.learner,
                   upload=SimpleUploadedFile("notes.txt", FILE_TEXT, content_type="text/plain"))  # fmt: skip
    submit_item(item=item, actor=enrolment.learner)
    assess_item(item=item, actor=enrolment.assessor, decisions={k.pk: ("met", "") for k in item.mapped_ksbs})
    return enrolment


def receiving_provider(name="Southern College of Justice"):
    provider = Organisation.objects.create(name=name, kind=OrganisationKind.PROVIDER)
    admin = create_user(email=f"admin@{name.split()[0].lower()}.example", full_name="Jo Admin", password=None)
    add_membership(user=admin, organisation=provider, role=Role.PROVIDER_ADMIN)
    return provider, admin


def altered(data: bytes, part: str) -> bytes:
    """The same archive with one byte of ``part`` changed."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = content[:-2] + bytes([content[-2] ^ 1]) + content[-1:]
            target.writestr(info.filename, content)
    return out.getvalue()
