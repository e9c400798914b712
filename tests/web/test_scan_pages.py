"""The skills scan journey through the pages, as each person would use them."""

import pytest
from django.urls import reverse

from ksbtracker.scans.models import ScanStatus, SkillsScan
from ksbtracker.scans.selectors import scan_ksbs

pytestmark = pytest.mark.django_db


def rate_page(client, scan, kind, value, action="continue"):
    ksbs = [k for k in scan_ksbs(scan) if k.kind == kind.upper()]
    data = {f"rating-{k.pk}": value for k in ksbs}
    data["action"] = action
    return client.post(reverse("scan-rate", args=[scan.pk, kind]), data)


def test_whole_journey_from_start_to_locked_baseline(client, scan_world):
    enrolment = scan_world["enrolment"]
    client.force_login(scan_world["assessor"])
    response = client.post(reverse("scan-start", args=[enrolment.pk]))
    scan = SkillsScan.objects.get(enrolment=enrolment)
    assert response["Location"] == scan.get_absolute_url()

    client.force_login(scan_world["learner"])
    page = client.get(reverse("scan-rate", args=[scan.pk, "k"])).content.decode()
    assert "I do it on my own, consistently, to the standard" in page  # every descriptor beside the choice
    assert rate_page(client, scan, "k", 1)["Location"] == reverse("scan-rate", args=[scan.pk, "s"])
    # Submitting with skills and behaviours unrated lists each unrated KSB, linked to it.
    response = client.post(reverse("scan-check", args=[scan.pk]))
    body = response.content.decode()
    assert "There is a problem" in body
    s1 = next(k for k in scan_ksbs(scan) if k.code == "S1")
    assert f'href="{reverse("scan-rate", args=[scan.pk, "s"])}#rating-{s1.pk}-0">Rate S1</a>' in body
    assert ">Rate K1<" not in body
    rate_page(client, scan, "s", 2)
    assert rate_page(client, scan, "b", 2)["Location"] == reverse("scan-check", args=[scan.pk])
    client.post(reverse("scan-check", args=[scan.pk]))
    scan.refresh_from_db()
    assert scan.status == ScanStatus.STAFF_RATING

    for who, value in (("assessor", 3), ("line_manager", 4)):
        client.force_login(scan_world[who])
        page = client.get(reverse("scan-rate", args=[scan.pk, "k"])).content.decode()
        assert "Learner&#x27;s rating: 1" in page or "Learner's rating: 1" in page
        for kind in "ksb":
            rate_page(client, scan, kind, value)
        client.post(reverse("scan-check", args=[scan.pk]))
    scan.refresh_from_db()
    assert scan.status == ScanStatus.DECIDING

    client.force_login(scan_world["provider_admin"])
    decide = client.get(reverse("scan-decide", args=[scan.pk])).content.decode()
    assert decide.count("ksb-decision--disagreement") == 5  # 1 against 3 and 4 on every KSB
    data = {"action": "finish"}
    for ksb in scan_ksbs(scan):
        data[f"outcome-{ksb.pk}"] = "none"
        data[f"rationale-{ksb.pk}"] = "Not evidenced yet"
    data[f"rationale-{scan_ksbs(scan)[0].pk}"] = ""
    response = client.post(reverse("scan-decide", args=[scan.pk]), data)
    assert "K1: Enter the reason for the decision" in response.content.decode()
    data[f"rationale-{scan_ksbs(scan)[0].pk}"] = "Not evidenced yet"
    client.post(reverse("scan-decide", args=[scan.pk]), data)
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SIGNING

    for who in ("learner", "line_manager", "provider_admin"):
        client.force_login(scan_world[who])
        unconfirmed = client.post(reverse("scan-sign", args=[scan.pk]), {})
        assert "Confirm that you have read the skills scan" in unconfirmed.content.decode()
        client.post(reverse("scan-sign", args=[scan.pk]), {"confirm": "yes"})
    scan.refresh_from_db()
    assert scan.status == ScanStatus.LOCKED
    detail = client.get(scan.get_absolute_url()).content.decode()
    assert detail.count("Verified") == 3
    client.force_login(scan_world["learner"])
    assert rate_page(client, scan, "k", 4).status_code == 403


@pytest.mark.parametrize("who", ["outsider"])
def test_people_outside_the_apprenticeship_cannot_see_the_scan(client, scan_world, who):
    client.force_login(scan_world["assessor"])
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]))
    scan = SkillsScan.objects.get()
    client.force_login(scan_world[who])
    for name, args in (("scan-detail", [scan.pk]), ("scan-rate", [scan.pk, "k"]), ("scan-sign", [scan.pk])):
        assert client.get(reverse(name, args=args)).status_code == 404


def test_quality_reviewer_reads_but_cannot_rate_or_start(client, scan_world):
    client.force_login(scan_world["quality_reviewer"])
    assert client.post(reverse("scan-start", args=[scan_world["enrolment"].pk])).status_code == 403
    assert not SkillsScan.objects.exists()
    client.force_login(scan_world["assessor"])
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]))
    scan = SkillsScan.objects.get()
    client.force_login(scan_world["quality_reviewer"])
    assert client.get(scan.get_absolute_url()).status_code == 200
    assert client.get(reverse("scan-rate", args=[scan.pk, "k"])).status_code == 403


def test_learner_adds_prior_learning_with_a_qualification(client, scan_world):
    client.force_login(scan_world["assessor"])
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]))
    scan = SkillsScan.objects.get()
    k1 = scan_ksbs(scan)[0]
    client.force_login(scan_world["learner"])
    url = reverse("scan-prior-learning", args=[scan.pk, k1.pk])
    response = client.post(url, {"qualification_level": "6"})
    assert "Enter the qualification title" in response.content.decode()
    client.post(url, {"experience": "Two years as a PSO", "qualification_title": "BA Criminology",
                      "qualification_level": "6", "awarding_body": "Open University", "date_awarded_0": "27", "date_awarded_1": "3", "date_awarded_2": "2019"})  # fmt: skip
    prior = scan.prior_learning.get(ksb=k1)
    assert prior.experience == "Two years as a PSO"
    assert prior.qualifications.get().date_awarded.isoformat() == "2019-03-27"


def test_learner_starts_a_rescan_and_sees_distance_travelled(client, scan_world):
    from ksbtracker.scans.services import sign_scan
    from tests.plans.test_services import locked_baseline

    locked_baseline(scan_world, {})
    client.force_login(scan_world["learner"])
    page = client.get(scan_world["enrolment"].get_absolute_url()).content.decode()
    assert "Start a re-scan" in page
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]), {"kind": "rescan"})
    rescan = SkillsScan.objects.get(kind="rescan")
    for who, value in (("learner", 4), ("assessor", 3), ("line_manager", 3)):
        client.force_login(scan_world[who])
        for kind in "ksb":
            rate_page(client, rescan, kind, value)
        client.post(reverse("scan-check", args=[rescan.pk]))
    for who in ("learner", "line_manager", "provider_admin"):
        sign_scan(scan=rescan, actor=scan_world[who])
    page = client.get(rescan.get_absolute_url()).content.decode()
    assert "Distance travelled since the baseline" in page
    assert "<strong>66.67%</strong> of the gap to the top has closed" in page


def test_provider_defines_its_own_scale_and_a_scan_keeps_it(client, scan_world):
    client.force_login(scan_world["provider_admin"])
    response = client.post(reverse("rating-scale-add"), {"name": "Three steps", "label-0": "Not yet"})
    assert "Give the scale at least 3 points" in response.content.decode()
    response = client.post(reverse("rating-scale-add"), {"name": "Three steps", "label-0": "Not yet",
                                                         "descriptor-0": "Not done", "label-1": "Some",
                                                         "label-2": "Yes", "descriptor-2": "Alone"})  # fmt: skip
    assert "Give every point both a label and a descriptor" in response.content.decode()
    data = {"name": "Three steps"}
    for i, (label, descriptor) in enumerate(
        [("Not yet", "Not done"), ("Some", "Done with help"), ("Yes", "Alone")]
    ):
        data[f"label-{i}"], data[f"descriptor-{i}"] = label, descriptor
    assert client.post(reverse("rating-scale-add"), data).status_code == 302
    page = client.get(scan_world["enrolment"].get_absolute_url()).content.decode()
    assert "Three steps" in page
    from ksbtracker.scans.models import RatingScale

    scale = RatingScale.objects.get(name="Three steps")
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]), {"scale": scale.pk})
    scan = SkillsScan.objects.get()
    assert scan.scale == scale
    client.force_login(scan_world["learner"])
    assert "Done with help" in client.get(reverse("scan-rate", args=[scan.pk, "k"])).content.decode()
    client.force_login(scan_world["assessor"])
    assert client.get(reverse("rating-scales")).status_code == 403
