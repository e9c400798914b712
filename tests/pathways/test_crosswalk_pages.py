"""Crosswalks suggested by matching text and confirmed by a person; a career pathway shown on the scan."""

import pytest
from django.urls import reverse

from ksbtracker.evidence.services import assess_item, create_item, submit_item
from ksbtracker.pathways.crosswalk import suggest
from ksbtracker.pathways.models import CrosswalkLink
from ksbtracker.people.models import Role
from ksbtracker.reviews.services import sign_off_ksbs
from ksbtracker.scans.models import RatingScale, ScanStatus, SkillsScan
from ksbtracker.standards.builtin import load_builtin_standards
from ksbtracker.standards.models import StandardVersion
from tests.evidence.helpers import details
from tests.factories import EmployerFactory, EnrolmentFactory, MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def standards():
    load_builtin_standards()
    get = StandardVersion.objects.get
    return {"psp10": get(reference_number="ST0494", version="1.0"), "psp11": get(reference_number="ST0494", version="1.1"),
            "po": get(reference_number="ST0648", version="1.0")}  # fmt: skip


@pytest.fixture
def admin():
    user = UserFactory()
    MembershipFactory(user=user, organisation=ProviderFactory(), role=Role.PROVIDER_ADMIN)
    return user


def test_version_crosswalk_is_suggested_then_confirmed_and_kept(client, standards, admin):
    old, new = standards["psp10"], standards["psp11"]
    suggestions = suggest(old, new)
    assert len(suggestions) == old.ksbs.count()
    teamwork = next(s for s in suggestions if s.from_ksb.text.startswith("Principles of effective team work"))
    assert teamwork.to_ksb.text.startswith("Principles of team work")
    assert any(s.to_ksb is None for s in suggestions)  # nothing is forced where no text matches
    client.force_login(admin)
    url = reverse("crosswalk", args=[old.pk, new.pk])
    page = client.get(url).content.decode()
    assert "Suggested by matching text" in page and "No KSB's text matches closely" in page
    form = {f"ksb_{s.from_ksb.pk}": str(s.to_ksb.pk) if s.to_ksb else "" for s in suggestions}
    k1 = suggestions[0].from_ksb
    form[f"ksb_{k1.pk}"] = ""  # a person decides K1 has no match
    assert client.post(url, form).status_code == 302
    assert CrosswalkLink.objects.get(from_ksb=k1).to_ksb is None
    assert CrosswalkLink.objects.exclude(to_ksb=None).count() == sum(1 for value in form.values() if value)
    again = suggest(old, new)
    assert all(s.confirmed for s in again) and again[0].to_ksb is None
    assert "Confirmed (" in client.get(url).content.decode()
    listing = client.get(reverse("crosswalks")).content.decode()
    assert "ST0494 v1.0 to ST0494 v1.1" in listing


def test_career_pathway_shows_earlier_sign_offs_and_evidence_on_the_scan(client, standards, admin):
    provider, employer = ProviderFactory(), EmployerFactory()
    assessor, learner = UserFactory(), UserFactory()
    MembershipFactory(user=assessor, organisation=provider, role=Role.ASSESSOR)
    psp = EnrolmentFactory(learner=learner, provider=provider, employer=employer, assessor=assessor,
                           standard_version=standards["psp11"])  # fmt: skip
    item = create_item(
        enrolment=psp, actor=learner, details=details(psp, codes=("K1",), title="Court report summary")
    )
    submit_item(item=item, actor=learner)
    assess_item(item=item, actor=assessor, decisions={k.pk: ("met", "") for k in item.mapped_ksbs})
    k1 = item.mapped_ksbs[0]
    sign_off_ksbs(enrolment=psp, actor=assessor, ksb_ids=[k1.pk])
    po = EnrolmentFactory(learner=learner, provider=provider, employer=employer, assessor=assessor,
                          standard_version=standards["po"])  # fmt: skip
    target = standards["po"].ksbs.get(kind="K", number=3)
    client.force_login(admin)
    client.post(
        reverse("crosswalk", args=[standards["psp11"].pk, standards["po"].pk]),
        {f"ksb_{k1.pk}": str(target.pk)},
    )
    scan = SkillsScan.objects.create(enrolment=po, scale=RatingScale.objects.filter(provider=None).first(),
                                     status=ScanStatus.DECIDING, started_by=assessor)  # fmt: skip
    client.force_login(assessor)
    page = client.get(reverse("scan-decide", args=[scan.pk])).content.decode()
    assert "Signed off in an earlier apprenticeship" in page
    assert "ST0494 v1.1 K1" in page and "Court report summary" in page
    assert page.count("Signed off in an earlier apprenticeship") == 1


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.LINE_MANAGER, Role.QUALITY_REVIEWER, None])
def test_only_provider_admins_confirm_crosswalks(client, standards, role):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, organisation=EmployerFactory() if role == Role.LINE_MANAGER else ProviderFactory(),
                          role=role)  # fmt: skip
    client.force_login(user)
    url = reverse("crosswalk", args=[standards["psp10"].pk, standards["psp11"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert client.get(reverse("crosswalks")).status_code == 403
    assert not CrosswalkLink.objects.exists()
