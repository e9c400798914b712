import datetime

from django.core.management import call_command

from ksbtracker.evidence.services import assess_item, create_item, submit_item
from ksbtracker.scans.selectors import scan_ksbs
from ksbtracker.scans.services import RatingAnswer, save_ratings, start_scan, submit_ratings
from tests.evidence.helpers import details, ksb


def test_evidence_submission_and_assessment_email_the_next_person(
    scan_world, mailoutbox, django_capture_on_commit_callbacks
):
    enrolment = scan_world["enrolment"]
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(
            enrolment=enrolment, actor=scan_world["learner"], details=details(enrolment, codes=("K1",))
        )
        submit_item(item=item, actor=scan_world["learner"])
    assert [m.to for m in mailoutbox] == [[scan_world["assessor"].email]]
    assert mailoutbox[0].subject == "KSB Tracker: Evidence to assess"
    assert item.get_absolute_url() in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assess_item(
            item=item, actor=scan_world["assessor"], decisions={ksb(enrolment, "K1").pk: ("not_met", "More")}
        )
    assert mailoutbox[-1].to == [scan_world["learner"].email]
    assert mailoutbox[-1].subject == "KSB Tracker: Your evidence was sent back for changes"


def test_learner_submitting_a_scan_asks_the_assessor_and_line_manager_to_rate(
    scan_world, mailoutbox, django_capture_on_commit_callbacks
):
    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    save_ratings(
        scan=scan, actor=scan_world["learner"], answers=[RatingAnswer(k.pk, 2) for k in scan_ksbs(scan)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit_ratings(scan=scan, actor=scan_world["learner"])
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [scan_world["assessor"].email, scan_world["line_manager"].email]
    )


def test_overdue_review_reminders_go_to_everyone_involved(
    scan_world, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    enrolment = scan_world["enrolment"]
    enrolment.start_date = datetime.date(2025, 9, 1)
    enrolment.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders")
    assert "overdue reviews: 1" in capsys.readouterr().out
    recipients = {m.to[0] for m in mailoutbox}
    expected = {scan_world[w].email for w in ("learner", "assessor", "line_manager", "provider_admin")}
    assert recipients == expected
