"""Who sees evidence and who acts on it: visibility follows the enrolment."""

import pytest
from django.http import Http404

from ksbtracker.evidence.access import (
    attachment_for_user,
    evidence_item_for_user,
    evidence_visible_to,
    may_add_evidence,
    may_assess_evidence,
    may_edit_evidence,
)
from ksbtracker.evidence.selectors import items_awaiting_assessment, items_referred_to, portfolio_items
from ksbtracker.evidence.services import add_attachment, assess_item, create_item, submit_item
from ksbtracker.people.models import Role
from tests.factories import EnrolmentFactory, MembershipFactory, ProviderFactory, UserFactory

from .helpers import details, ksb, upload

pytestmark = pytest.mark.django_db

READERS = ["learner", "assessor", "line_manager", "provider_admin", "quality_reviewer"]


@pytest.fixture
def item(scan_world):
    return create_item(
        enrolment=scan_world["enrolment"],
        actor=scan_world["learner"],
        details=details(scan_world["enrolment"], codes=("K1",)),
    )


@pytest.mark.parametrize("who", READERS)
def test_everyone_on_the_apprenticeship_reads_its_evidence(scan_world, item, who):
    assert evidence_item_for_user(scan_world[who], item.pk) == item
    assert list(evidence_visible_to(scan_world[who])) == [item]


def test_anyone_else_is_told_it_does_not_exist(scan_world, item):
    stranger_admin = UserFactory()
    MembershipFactory(user=stranger_admin, organisation=ProviderFactory(), role=Role.PROVIDER_ADMIN)
    for user in (scan_world["outsider"], stranger_admin):
        with pytest.raises(Http404):
            evidence_item_for_user(user, item.pk)
        assert not evidence_visible_to(user).exists()
    with pytest.raises(Http404):
        evidence_item_for_user(scan_world["learner"], "not-a-number")


def test_an_attachment_is_found_only_through_an_item_the_user_may_see(scan_world, item):
    attachment = add_attachment(item=item, actor=scan_world["learner"], upload=upload("notes.txt"))
    assert attachment_for_user(scan_world["assessor"], item.pk, attachment.pk) == attachment
    with pytest.raises(Http404):
        attachment_for_user(scan_world["outsider"], item.pk, attachment.pk)
    other_item = create_item(
        enrolment=scan_world["enrolment"],
        actor=scan_world["learner"],
        details=details(scan_world["enrolment"]),
    )
    with pytest.raises(Http404):  # the right attachment id under the wrong item
        attachment_for_user(scan_world["learner"], other_item.pk, attachment.pk)


def test_what_each_role_may_do(scan_world, item):
    enrolment = scan_world["enrolment"]
    assert [w for w in READERS + ["outsider"] if may_add_evidence(scan_world[w], enrolment)] == ["learner"]
    assert [w for w in READERS + ["outsider"] if may_edit_evidence(scan_world[w], item)] == ["learner"]
    assert [w for w in READERS + ["outsider"] if may_assess_evidence(scan_world[w], enrolment)] == [
        "assessor",
        "provider_admin",
    ]


def test_a_learner_who_is_also_a_provider_admin_does_not_assess_their_own_evidence(scan_world):
    MembershipFactory(
        user=scan_world["learner"], organisation=scan_world["enrolment"].provider, role=Role.PROVIDER_ADMIN
    )
    assert not may_assess_evidence(scan_world["learner"], scan_world["enrolment"])


def test_the_waiting_lists(scan_world, item):
    other_assessor = UserFactory()
    EnrolmentFactory(provider=scan_world["enrolment"].provider, assessor=other_assessor)
    assert list(items_awaiting_assessment(scan_world["assessor"])) == []
    submit_item(item=item, actor=scan_world["learner"])
    assert list(items_awaiting_assessment(scan_world["assessor"])) == [item]
    assert list(items_awaiting_assessment(scan_world["provider_admin"])) == [item]
    for who in ("learner", "line_manager", "quality_reviewer", "outsider"):
        assert list(items_awaiting_assessment(scan_world[who])) == []
    assert list(items_awaiting_assessment(other_assessor)) == []
    assess_item(
        item=item, actor=scan_world["assessor"], decisions={ksb(item.enrolment, "K1").pk: ("not_met", "More")}
    )
    assert list(items_awaiting_assessment(scan_world["assessor"])) == []
    assert list(items_referred_to(scan_world["learner"])) == [item]
    for who in ("assessor", "line_manager", "provider_admin", "outsider"):
        assert list(items_referred_to(scan_world[who])) == []


def test_the_portfolio_lists_the_enrolments_items_with_their_mapping(
    scan_world, item, django_assert_num_queries
):
    create_item(
        enrolment=scan_world["enrolment"],
        actor=scan_world["learner"],
        details=details(scan_world["enrolment"]),
    )
    with django_assert_num_queries(5):
        items = portfolio_items(scan_world["enrolment"])
        codes = [[k.code for k in i.mapped_ksbs] for i in items]
        files = [len(i.attachments.all()) for i in items]
    assert sorted(codes) == [["K1"], ["K1", "S1"]]
    assert files == [0, 0]


def test_a_closed_apprenticeship_takes_no_new_evidence(scan_world):
    from ksbtracker.evidence.access import may_add_evidence

    enrolment = scan_world["enrolment"]
    assert may_add_evidence(scan_world["learner"], enrolment)
    enrolment.status = "withdrawn"
    assert not may_add_evidence(scan_world["learner"], enrolment)
