"""Evidence services: items, personal-data confirmation, files, and assessment rounds."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ksbtracker.audit.models import AuditEvent
from ksbtracker.evidence.models import (
    EvidenceAttachment,
    EvidenceStatus,
    KSBDecision,
    PersonalDataConfirmation,
    RoundOutcome,
)
from ksbtracker.evidence.services import (
    add_attachment,
    assess_item,
    create_item,
    remove_attachment,
    submit_item,
    update_item,
)
from ksbtracker.personal_data import PersonalDataFound
from tests.factories import DutyFactory, EnrolmentFactory, standard_with_ksbs

from .helpers import SAMPLES, details, ksb, upload

pytestmark = pytest.mark.django_db


def new_item(world, **overrides):
    return create_item(
        enrolment=world["enrolment"], actor=world["learner"], details=details(world["enrolment"], **overrides)
    )


def text_file(name):
    return upload(name, SAMPLES["notes.txt"])


def decide(item, **outcomes):
    """{ksb_id: (outcome, feedback)} from K1="met" style keywords."""
    return {
        ksb(item.enrolment, code).pk: (outcome, f"Feedback on {code}") for code, outcome in outcomes.items()
    }


def test_the_learner_creates_a_draft_mapped_to_ksbs(scan_world):
    item = new_item(scan_world, codes=("K1", "S2", "B1"))
    assert item.status == EvidenceStatus.DRAFT
    assert [k.code for k in item.mapped_ksbs] == ["K1", "S2", "B1"]
    assert item.otj_hours == Decimal("2.5")
    event = AuditEvent.objects.get(action="evidence.created", object_id=str(item.pk))
    assert event.after["ksbs"] == ["B1", "K1", "S2"]
    # Free text is fingerprinted, never copied into the append-only trail.
    assert item.account not in str(event.after) and item.title not in event.object_label


@pytest.mark.parametrize(
    "who", ["assessor", "line_manager", "provider_admin", "quality_reviewer", "outsider"]
)
def test_only_the_learner_adds_evidence(scan_world, who):
    with pytest.raises(PermissionDenied):
        create_item(
            enrolment=scan_world["enrolment"], actor=scan_world[who], details=details(scan_world["enrolment"])
        )


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"codes": ()}, "ksbs", "Select at least one KSB"),
        ({"title": "  "}, "title", "Enter a title"),
        ({"account": ""}, "account", "Enter your account"),
        ({"evidence_type": "poem"}, "evidence_type", "Select the type of evidence"),
        ({"otj_hours": None}, "otj_hours", "Enter the off-the-job hours"),
        ({"otj_hours": Decimal("0")}, "otj_hours", "more than 0"),
        ({"otj_hours": Decimal("24.5")}, "otj_hours", "24 or fewer"),
        ({"activity_date": None}, "activity_date", "Enter the date"),
        (
            {"activity_date": timezone.localdate() + datetime.timedelta(days=1)},
            "activity_date",
            "in the past",
        ),
    ],
)
def test_details_are_checked_with_messages_the_learner_can_act_on(scan_world, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        new_item(scan_world, **overrides)
    assert message in " ".join(error.value.message_dict[field])


def test_off_the_job_hours_on_one_day_cannot_pass_24(scan_world):
    new_item(scan_world, otj_hours=Decimal("20"))
    with pytest.raises(ValidationError, match="would come to 25"):
        new_item(scan_world, otj_hours=Decimal("5"))
    assert new_item(scan_world, otj_hours=Decimal("4")).otj_hours == Decimal("4")
    other_day = new_item(scan_world, otj_hours=Decimal("10"), activity_date=datetime.date(2025, 10, 2))
    assert other_day.pk


def test_hours_are_dropped_when_it_is_not_off_the_job(scan_world):
    assert new_item(scan_world, is_off_the_job=False, otj_hours=Decimal("3")).otj_hours is None


def test_only_ksbs_duties_and_criteria_of_the_enrolments_standard_can_be_mapped(scan_world):
    other = standard_with_ksbs()
    foreign = other.ksbs.first()
    with pytest.raises(ValidationError) as error:
        new_item(scan_world, ksb_ids=[foreign.pk])
    assert "this apprenticeship's standard" in error.value.message_dict["ksbs"][0]
    with pytest.raises(ValidationError) as error:
        new_item(scan_world, duty_ids=[DutyFactory(standard_version=other, number=9).pk])
    assert "duties" in error.value.message_dict
    own_duty = scan_world["enrolment"].standard_version.duties.first()
    assert list(new_item(scan_world, duty_ids=[own_duty.pk]).duties.all()) == [own_duty]


def test_personal_data_stops_the_save_until_it_is_removed_or_confirmed(scan_world):
    account = "I met X123456 at the office with Mr Smith."
    with pytest.raises(PersonalDataFound) as found:
        new_item(scan_world, account=account)
    assert [(f.text, f.where) for f in found.value.findings] == [
        ("X123456", "account"),
        ("Mr Smith", "account"),
    ]
    # Confirming only some of what was found is not enough.
    with pytest.raises(PersonalDataFound):
        create_item(
            enrolment=scan_world["enrolment"], actor=scan_world["learner"],
            details=details(scan_world["enrolment"], account=account), confirmed_personal_data=["X123456"],
        )  # fmt: skip
    item = create_item(
        enrolment=scan_world["enrolment"], actor=scan_world["learner"],
        details=details(scan_world["enrolment"], account=account), confirmed_personal_data=["X123456", "Mr Smith"],
    )  # fmt: skip
    confirmation = PersonalDataConfirmation.objects.get(item=item)
    assert confirmation.confirmed_by == scan_world["learner"]
    assert [(f["kind"], f["text"], f["where"]) for f in confirmation.findings] == [
        ("crn", "X123456", "account"),
        ("name", "Mr Smith", "account"),
    ]
    event = AuditEvent.objects.get(action="evidence.personal_data_confirmed")
    assert [f["kind"] for f in event.after["findings"]] == ["crn", "name"]
    assert "X123456" not in str(event.after)


def test_findings_confirmed_once_are_not_asked_about_again_but_new_ones_are(scan_world):
    item = create_item(
        enrolment=scan_world["enrolment"], actor=scan_world["learner"],
        details=details(scan_world["enrolment"], title="Report for Dr Who fan club"), confirmed_personal_data=["Dr Who"],
    )  # fmt: skip
    update_item(
        item=item,
        actor=scan_world["learner"],
        details=details(scan_world["enrolment"], title="Report for Dr Who"),
    )
    with pytest.raises(PersonalDataFound) as found:
        update_item(
            item=item, actor=scan_world["learner"],
            details=details(scan_world["enrolment"], title="Report for Dr Who", account="Seen at M1 1AE"),
        )  # fmt: skip
    assert [f.text for f in found.value.findings] == ["Dr Who", "M1 1AE"]


def test_a_file_name_with_personal_data_is_refused_and_leaves_nothing(scan_world, settings):
    item = new_item(scan_world)
    with pytest.raises(PersonalDataFound) as found:
        add_attachment(item=item, actor=scan_world["learner"], upload=text_file("X123456_notes.txt"))
    assert found.value.findings[0].where == "file name"
    assert not (settings.MEDIA_ROOT / "evidence").exists() or not any(
        (settings.MEDIA_ROOT / "evidence").iterdir()
    )
    attachment = add_attachment(
        item=item,
        actor=scan_world["learner"],
        upload=text_file("X123456_notes.txt"),
        confirmed_personal_data=["X123456"],
    )
    assert attachment.original_name == "X123456_notes.txt"


def test_files_are_stored_with_their_checked_type_and_fingerprint(scan_world, settings):
    item = new_item(scan_world)
    attachment = add_attachment(item=item, actor=scan_world["learner"], upload=upload("report.pdf"))
    assert attachment.content_type == "application/pdf"
    assert attachment.stored_name != "report.pdf"
    assert (settings.MEDIA_ROOT / "evidence" / attachment.stored_name).exists()
    assert AuditEvent.objects.filter(action="evidence.file_added").exists()


def test_a_refused_file_leaves_nothing_on_disk(scan_world, settings):
    item = new_item(scan_world)
    with pytest.raises(ValidationError) as error:
        add_attachment(item=item, actor=scan_world["learner"], upload=upload("report.pdf", b"not a pdf"))
    assert "not a real PDF" in error.value.message_dict["file"][0]
    folder = settings.MEDIA_ROOT / "evidence"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert not EvidenceAttachment.objects.exists()


def test_submission_rounds_are_kept_not_met_refers_and_the_learner_resubmits(scan_world):
    item = new_item(scan_world, codes=("K1", "S1"))
    add_attachment(item=item, actor=scan_world["learner"], upload=upload("report.pdf"))
    first = submit_item(item=item, actor=scan_world["learner"])
    item.refresh_from_db()
    assert (first.number, item.status) == (1, EvidenceStatus.SUBMITTED)
    assert [a["name"] for a in first.submitted_content["attachments"]] == ["report.pdf"]
    assessed = assess_item(
        item=item, actor=scan_world["assessor"], decisions=decide(item, K1="met", S1="not_met")
    )
    item.refresh_from_db()
    assert (assessed.outcome, item.status) == (RoundOutcome.REFERRED, EvidenceStatus.REFERRED)
    update_item(
        item=item,
        actor=scan_world["learner"],
        details=details(item.enrolment, codes=("K1", "S1"), account="Better account"),
    )
    second = submit_item(item=item, actor=scan_world["learner"])
    assert second.number == 2
    assess_item(
        item=item, actor=scan_world["provider_admin"], decisions=decide(item, K1="met", S1="partly_met")
    )
    item.refresh_from_db()
    assert item.status == EvidenceStatus.ACCEPTED
    rounds = list(item.rounds.order_by("number"))
    assert [r.outcome for r in rounds] == [RoundOutcome.REFERRED, RoundOutcome.ACCEPTED]
    assert rounds[0].submitted_content["account"] != rounds[1].submitted_content["account"]
    assert KSBDecision.objects.filter(round__item=item).count() == 4
    assert [r.assessed_by for r in rounds] == [scan_world["assessor"], scan_world["provider_admin"]]


def test_nobody_changes_a_submitted_or_accepted_item(scan_world):
    item = new_item(scan_world, codes=("K1",))
    submit_item(item=item, actor=scan_world["learner"])
    for action in (
        lambda: update_item(item=item, actor=scan_world["learner"], details=details(item.enrolment)),
        lambda: add_attachment(item=item, actor=scan_world["learner"], upload=upload("notes.txt")),
        lambda: submit_item(item=item, actor=scan_world["learner"]),
    ):
        with pytest.raises(ValidationError, match="cannot be changed"):
            action()
    assess_item(item=item, actor=scan_world["assessor"], decisions=decide(item, K1="met"))
    with pytest.raises(ValidationError, match="accepted"):
        update_item(item=item, actor=scan_world["learner"], details=details(item.enrolment))
    with pytest.raises(ValidationError, match="not waiting for assessment"):
        assess_item(item=item, actor=scan_world["assessor"], decisions=decide(item, K1="met"))


def test_only_the_assessor_or_a_provider_admin_assesses_and_never_the_learner(scan_world):
    item = new_item(scan_world, codes=("K1",))
    submit_item(item=item, actor=scan_world["learner"])
    for who in ("learner", "line_manager", "quality_reviewer", "outsider"):
        with pytest.raises(PermissionDenied):
            assess_item(item=item, actor=scan_world[who], decisions=decide(item, K1="met"))


def test_an_assessment_needs_a_decision_on_every_ksb_and_feedback_when_not_met(scan_world):
    item = new_item(scan_world, codes=("K1", "S1"))
    submit_item(item=item, actor=scan_world["learner"])
    k1, s1 = ksb(item.enrolment, "K1").pk, ksb(item.enrolment, "S1").pk
    with pytest.raises(ValidationError) as error:
        assess_item(item=item, actor=scan_world["assessor"], decisions={k1: ("not_met", " ")})
    assert error.value.message_dict == {
        f"feedback_{k1}": ["Enter feedback on K1: what is missing and how to show it"],
        f"outcome_{s1}": ["Select whether S1 is met, partly met or not met"],
    }
    with pytest.raises(ValidationError, match="not mapped"):
        assess_item(
            item=item, actor=scan_world["assessor"], decisions={ksb(item.enrolment, "B1").pk: ("met", "")}
        )
    assert not KSBDecision.objects.exists()


def test_files_an_assessor_has_seen_stay_with_the_record(scan_world):
    item = new_item(scan_world, codes=("K1",))
    seen = add_attachment(item=item, actor=scan_world["learner"], upload=upload("report.pdf"))
    submit_item(item=item, actor=scan_world["learner"])
    assess_item(item=item, actor=scan_world["assessor"], decisions=decide(item, K1="not_met"))
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="stays with the record"):
        remove_attachment(attachment=seen, actor=scan_world["learner"])
    added = add_attachment(item=item, actor=scan_world["learner"], upload=upload("notes.txt"))
    remove_attachment(attachment=added, actor=scan_world["learner"])
    assert list(item.attachments.all()) == [seen]


def test_another_learners_enrolment_is_not_theirs_to_add_to(scan_world):
    other = EnrolmentFactory(standard_version=scan_world["enrolment"].standard_version)
    with pytest.raises(PermissionDenied):
        create_item(enrolment=other, actor=scan_world["learner"], details=details(other))
