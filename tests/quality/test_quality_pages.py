"""A quality reviewer samples assessors' decisions, records outcomes, and the assessor responds."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ksbtracker.evidence.models import AssessmentRound, EvidenceStatus
from ksbtracker.evidence.services import assess_item, create_item, submit_item
from ksbtracker.quality.models import SampledAssessment, SampleReason, SamplingPlan
from ksbtracker.quality.sampling import draw
from tests.evidence.helpers import details

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def assessed_items(world, count, *, title="Supervision session"):
    enrolment, rounds = world["enrolment"], []
    for n in range(count):
        item = create_item(
            enrolment=enrolment, actor=world["learner"], details=details(enrolment, title=f"{title} {n}")
        )
        submit_item(item=item, actor=world["learner"])
        rounds.append(assess_item(item=item, actor=world["assessor"], decisions={
            k.pk: ("met", "") for k in item.mapped_ksbs}))  # fmt: skip
    return rounds


def plan_data(**overrides):
    data = {"name": "Autumn sample", **date_fields("period_from", TODAY - datetime.timedelta(days=30)),
            **date_fields("period_to", TODAY), "sample_percent": "50"}  # fmt: skip
    return data | overrides


def test_reviewer_draws_a_reproducible_sample(client, scan_world):
    rounds = assessed_items(scan_world, 6)
    AssessmentRound.objects.filter(pk__in=[r.pk for r in rounds]).update(
        submitted_at=timezone.now() - datetime.timedelta(days=2)
    )  # none is a quick decision; the assessor is new all the same
    client.force_login(scan_world["quality_reviewer"])
    bad = client.post(reverse("quality-plan-add"), plan_data(sample_percent="", name="")).content.decode()
    assert "Enter a sample rate or a sample size" in bad and "Enter a name for the sampling plan" in bad
    response = client.post(reverse("quality-plan-add"), plan_data())
    plan = SamplingPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    sampled = list(plan.samples.values_list("round_id", flat=True))
    assert len(sampled) == 3 and plan.population_size == 6
    # Drawn again from the recorded seed: the same three assessments.
    assert [pk for pk, _ in draw(plan).picks] == sampled
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f"seed {plan.seed}" in page and "3 of 6 assessments" in page
    client.post(reverse("quality-plan-add"), plan_data(name="New assessors", include_new_assessors="on",
                                                      sample_percent="", sample_size="1"))  # fmt: skip
    risky = SamplingPlan.objects.get(name="New assessors")
    assert set(risky.samples.values_list("reason", flat=True)) == {SampleReason.NEW_ASSESSOR}
    assert risky.samples.count() == 6


def test_quick_met_decisions_are_picked(client, scan_world):
    assessed_items(scan_world, 3)
    client.force_login(scan_world["quality_reviewer"])
    client.post(
        reverse("quality-plan-add"),
        plan_data(include_quick_decisions="on", sample_percent="", sample_size="1"),
    )
    reasons = list(SamplingPlan.objects.get().samples.values_list("reason", flat=True))
    assert reasons == [SampleReason.QUICK_DECISION] * 3


def test_disagree_reopens_the_decision_and_the_assessor_acknowledges(client, scan_world, mailoutbox,
                                                                     django_capture_on_commit_callbacks):  # fmt: skip
    (first,) = assessed_items(scan_world, 1)
    client.force_login(scan_world["quality_reviewer"])
    client.post(reverse("quality-plan-add"), plan_data(sample_percent="100"))
    sample = SampledAssessment.objects.get()
    url = sample.get_absolute_url()
    bad = client.post(url, {"feedback": ""}).content.decode()
    assert "Select agree, agree with action or disagree" in bad and "Enter feedback for the assessor" in bad
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"outcome": "disagree", "feedback": "S1 is not shown: no risk assessment is described."}
        )
    item = first.item
    item.refresh_from_db()
    assert item.status == EvidenceStatus.SUBMITTED
    assert item.rounds.count() == 2
    assert "Your decision has been reopened" in mailoutbox[-1].body
    assert mailoutbox[-1].to == [scan_world["assessor"].email]
    # The reviewer cannot record a second outcome, nor assess the learner's evidence themselves.
    assert client.post(url, {"outcome": "agree", "feedback": "x"}).status_code == 403
    assess = client.post(reverse("evidence-assess", args=[item.pk]), {})
    assert assess.status_code in (403, 404)
    client.force_login(scan_world["assessor"])
    page = client.get(url).content.decode()
    assert "Acknowledge feedback" in page
    client.post(url, {"acknowledgement": "Re-assessed with the learner; S1 now not met."})
    sample.refresh_from_db()
    assert sample.acknowledged_at is not None and not sample.action_open


def test_quality_report_by_assessor_and_standard_exports(client, scan_world):
    assessed_items(scan_world, 2)
    client.force_login(scan_world["quality_reviewer"])
    client.post(reverse("quality-plan-add"), plan_data(sample_percent="100"))
    first, second = SampledAssessment.objects.order_by("id")
    client.post(first.get_absolute_url(), {"outcome": "agree", "feedback": "Sound decision"})
    client.post(second.get_absolute_url(), {"outcome": "agree_with_action", "feedback": "Give KSB feedback"})
    page = client.get(reverse("quality-report")).content.decode()
    assert scan_world["assessor"].full_name in page
    response = client.get(reverse("quality-report-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Group", "Name", "Sampled"]
    assessor_row = next(r for r in rows if r[1] == scan_world["assessor"].full_name)
    assert assessor_row[2:] == ["2", "2", "1", "1", "0", "1"]
    standard = scan_world["enrolment"].standard_version
    response = client.get(reverse("quality-report-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Standard", f"{standard.reference_number} {standard.title}", 2, 2, 1, 1, 0, 1] in values


@pytest.mark.parametrize(
    ("role", "home", "plan", "sample"),
    [("quality_reviewer", 200, 200, 200), ("provider_admin", 200, 200, 200), ("assessor", 403, 404, 200),
     ("learner", 403, 404, 404), ("line_manager", 403, 404, 404), ("outsider", 403, 404, 404)],
)  # fmt: skip
def test_who_reaches_the_quality_pages(client, scan_world, role, home, plan, sample):
    assessed_items(scan_world, 1)
    client.force_login(scan_world["quality_reviewer"])
    client.post(reverse("quality-plan-add"), plan_data(sample_percent="100"))
    made, drawn = SamplingPlan.objects.get(), SampledAssessment.objects.get()
    client.force_login(scan_world[role])
    assert client.get(reverse("quality")).status_code == home
    assert client.get(reverse("quality-report")).status_code == home
    assert client.get(reverse("quality-report-export", args=["csv"])).status_code == home
    assert client.get(made.get_absolute_url()).status_code == plan
    assert client.get(drawn.get_absolute_url()).status_code == sample
    if role != "quality_reviewer":
        assert client.get(reverse("quality-plan-add")).status_code in (403,)
        assert client.post(drawn.get_absolute_url(), {"outcome": "agree", "feedback": "x"}).status_code in (
            403,
            404,
        )
        drawn.refresh_from_db()
        assert not drawn.outcome
