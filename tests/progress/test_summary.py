"""The progress summary follows the records, and the red/amber/green rule rates it the same way everywhere."""

import datetime
from decimal import Decimal

from ksbtracker.evidence.services import assess_item, create_item, submit_item
from ksbtracker.progress.models import EnrolmentProgress
from ksbtracker.progress.rag import RAG, RagFigures, rag_dates, rag_filter, rag_of, rag_reasons
from ksbtracker.progress.services import log_otj_hours
from tests.evidence.helpers import details, ksb

START = datetime.date(2026, 1, 1)
END = datetime.date(2027, 1, 1)  # 365 days


def figures(**changes) -> RagFigures:
    values = dict(start=START, planned_end=END, ksbs_total=10, ksbs_met=0, otj_hours_done=Decimal(0),
                  otj_hours_required=Decimal(365), otj_planned_end=END, next_review_due=None)  # fmt: skip
    return RagFigures(**(values | changes))


def rating(f: RagFigures, today: datetime.date) -> str:
    return rag_of(*rag_dates(f), today)


def test_time_running_ahead_of_ksbs_turns_amber_at_10_points_and_red_at_20():
    f = figures(ksbs_met=3, otj_hours_done=Decimal(365))  # 30% met; OTJ all done
    assert rating(f, START + datetime.timedelta(days=145)) == RAG.GREEN
    assert rating(f, START + datetime.timedelta(days=146)) == RAG.AMBER  # 40% of 365 days: 10 points ahead
    assert rating(f, START + datetime.timedelta(days=182)) == RAG.AMBER
    assert rating(f, START + datetime.timedelta(days=183)) == RAG.RED  # ceil(0.5 × 365)
    assert rag_reasons(f, START + datetime.timedelta(days=183)) == ["KSBs well behind time"]


def test_otj_behind_by_10_and_20_percent_after_the_first_four_weeks():
    f = figures(ksbs_met=10, otj_hours_done=Decimal(72))  # 72 h; an hour a day expected
    assert rating(f, START + datetime.timedelta(days=27)) == RAG.GREEN
    assert rating(f, START + datetime.timedelta(days=79)) == RAG.GREEN
    assert rating(f, START + datetime.timedelta(days=80)) == RAG.AMBER  # 80 expected: 72 is 10% behind
    assert rating(f, START + datetime.timedelta(days=89)) == RAG.AMBER
    assert rating(f, START + datetime.timedelta(days=90)) == RAG.RED  # 72 is 20% behind 90
    assert rag_reasons(f, START + datetime.timedelta(days=90)) == ["Off-the-job hours well behind"]


def test_an_overdue_review_is_red_the_day_after_it_was_due():
    f = figures(ksbs_met=10, otj_hours_done=Decimal(365), next_review_due=datetime.date(2026, 3, 31))
    assert rating(f, datetime.date(2026, 3, 31)) == RAG.GREEN
    assert rating(f, datetime.date(2026, 4, 1)) == RAG.RED
    assert rag_reasons(f, datetime.date(2026, 4, 1)) == ["Review overdue"]


def test_the_filter_and_the_rating_agree(scan_world):
    enrolment = scan_world["enrolment"]
    summary = EnrolmentProgress.objects.get(enrolment=enrolment)
    for today in (summary.amber_from, summary.red_from, datetime.date(2025, 1, 1), datetime.date(2031, 1, 1)):
        if today is None:
            continue
        shown = rag_of(summary.amber_from, summary.red_from, today)
        for rating_ in RAG:
            matches = EnrolmentProgress.objects.filter(rag_filter(rating_, today), pk=enrolment.pk).exists()
            assert matches == (rating_ == shown), (today, rating_, shown)


def test_the_summary_follows_evidence_assessment_and_the_otj_log(scan_world):
    enrolment, learner, assessor = scan_world["enrolment"], scan_world["learner"], scan_world["assessor"]
    summary = EnrolmentProgress.objects.get(enrolment=enrolment)
    assert (summary.ksbs_total, summary.ksbs_evidenced, summary.items_waiting) == (5, 0, 0)
    item = create_item(enrolment=enrolment, actor=learner, details=details(enrolment, codes=("K1", "S1")))
    submit_item(item=item, actor=learner)
    summary.refresh_from_db()
    assert (summary.items_waiting, summary.ksbs_in_progress, summary.otj_hours_done) == (1, 2, Decimal("2.5"))
    assess_item(item=item, actor=assessor, decisions={ksb(enrolment, "K1").pk: ("met", ""),
                                                      ksb(enrolment, "S1").pk: ("met", "")})  # fmt: skip
    summary.refresh_from_db()
    assert (summary.items_waiting, summary.ksbs_evidenced) == (0, 2)
    log_otj_hours(enrolment=enrolment, actor=learner, date=datetime.date(2025, 10, 2), activity="Course",
                  hours=Decimal(6), ksb_ids=[])  # fmt: skip
    summary.refresh_from_db()
    assert summary.otj_hours_done == Decimal("8.5")
    assert summary.next_review_due is not None
