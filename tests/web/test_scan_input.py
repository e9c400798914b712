"""What the rating and decision pages do with what people type: nothing lost, nothing cut, nothing broken."""

import pytest
from django.urls import reverse

from ksbtracker.scans.models import Rating, ScanStatus, SkillsScan
from ksbtracker.scans.selectors import scan_ksbs

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_scan(client, scan_world):
    client.force_login(scan_world["assessor"])
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]))
    client.force_login(scan_world["learner"])
    return SkillsScan.objects.get()


def skills(scan):
    return [k for k in scan_ksbs(scan) if k.kind == "S"]


def test_ratings_are_saved_before_going_to_add_prior_learning(client, learner_scan):
    ksbs = skills(learner_scan)
    data = {f"rating-{k.pk}": "3" for k in ksbs} | {"action": f"prior-{ksbs[0].pk}"}
    response = client.post(reverse("scan-rate", args=[learner_scan.pk, "s"]), data)
    assert response["Location"] == reverse("scan-prior-learning", args=[learner_scan.pk, ksbs[0].pk])
    assert Rating.objects.filter(scan=learner_scan, value=3).count() == len(ksbs)
    page = client.get(reverse("scan-rate", args=[learner_scan.pk, "s"])).content.decode()
    assert page.count('value="3" aria-describedby') == page.count(" checked") == len(ksbs)


def test_the_other_parts_are_buttons_that_save_first(client, learner_scan):
    k1 = scan_ksbs(learner_scan)[0]
    response = client.post(
        reverse("scan-rate", args=[learner_scan.pk, "k"]), {f"rating-{k1.pk}": "2", "action": "go-check"}
    )
    assert response["Location"] == reverse("scan-check", args=[learner_scan.pk])
    assert Rating.objects.get(scan=learner_scan, ksb=k1).value == 2


def test_a_comment_without_a_rating_is_refused_and_everything_typed_is_shown_again(client, learner_scan):
    b1, b2 = skills(learner_scan)[:2]
    data = {f"rating-{b1.pk}": "4", f"comment-{b2.pk}": "Still learning this one", "action": "continue"}
    response = client.post(reverse("scan-rate", args=[learner_scan.pk, "s"]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert f'href="#rating-{b2.pk}-0">Choose a rating for {b2.code} to save your comment on it</a>' in body
    assert "Still learning this one" in body
    assert f'id="rating-{b1.pk}-4" name="rating-{b1.pk}" type="radio" value="4"' in body
    assert body.count(" checked") == 1
    assert not Rating.objects.filter(scan=learner_scan).exists()  # all or nothing: nothing half saved


def test_a_comment_over_the_limit_is_refused_not_cut(client, learner_scan):
    b1 = skills(learner_scan)[0]
    long = "x" * 2001
    data = {f"rating-{b1.pk}": "4", f"comment-{b1.pk}": long, "action": "continue"}
    body = client.post(reverse("scan-rate", args=[learner_scan.pk, "s"]), data).content.decode()
    assert f"Comment on {b1.code} must be 2,000 characters or fewer" in body
    assert long in body
    assert not Rating.objects.filter(scan=learner_scan).exists()
    data[f"comment-{b1.pk}"] = "x" * 2000
    client.post(reverse("scan-rate", args=[learner_scan.pk, "s"]), data)
    assert len(Rating.objects.get(scan=learner_scan).comment) == 2000


@pytest.mark.parametrize("value", ["²", "9" * 5000, "NaN", "-1", "3\x00", "99"])
def test_a_rating_that_is_not_on_the_scale_is_refused(client, learner_scan, value):
    b1 = skills(learner_scan)[0]
    data = {f"rating-{b1.pk}": value, f"revision-{b1.pk}": value, "action": "continue"}
    response = client.post(reverse("scan-rate", args=[learner_scan.pk, "s"]), data)
    assert response.status_code == 200
    assert f"Choose a point on the scale for {b1.code}" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_second_writer_is_told_and_keeps_the_rest_of_what_they_typed(client, learner_scan, scan_world):
    b1, b2 = skills(learner_scan)[:2]
    url = reverse("scan-rate", args=[learner_scan.pk, "s"])
    client.post(url, {f"rating-{b1.pk}": "1", "action": "continue"})
    # Someone saves a change in another tab, so the first tab's revision is out of date.
    client.post(url, {f"rating-{b1.pk}": "2", f"revision-{b1.pk}": "1", "action": "continue"})
    response = client.post(
        url, {f"rating-{b1.pk}": "3", f"revision-{b1.pk}": "1", f"rating-{b2.pk}": "4", "action": "continue"}
    )
    body = response.content.decode()
    assert f"Someone else changed the rating for {b1.code} after you opened this page (you chose 3)" in body
    assert f'id="rating-{b1.pk}-2" name="rating-{b1.pk}" type="radio" value="2" aria-describedby' in body
    assert f'value="2" aria-describedby="rating-{b1.pk}-2-hint" checked' in body
    assert f'value="4" aria-describedby="rating-{b2.pk}-4-hint" checked' in body
    assert Rating.objects.get(ksb=b1).value == 2


def test_decisions_refuse_a_share_that_is_not_a_number_and_keep_the_reasons(client, scan_world):
    from ksbtracker.scans.services import RatingAnswer, save_ratings, start_scan, submit_ratings

    scan = start_scan(enrolment=scan_world["enrolment"], actor=scan_world["assessor"])
    for who in ("learner", "assessor", "line_manager"):
        answers = [RatingAnswer(ksb_id=k.pk, value=2) for k in scan_ksbs(scan)]
        save_ratings(scan=scan, actor=scan_world[who], answers=answers)
        submit_ratings(scan=scan, actor=scan_world[who])
    client.force_login(scan_world["provider_admin"])
    k1 = scan_ksbs(scan)[0]
    data = {f"outcome-{k1.pk}": "part", f"share-{k1.pk}": "NaN", f"rationale-{k1.pk}": "Two years as a PSO"}
    response = client.post(reverse("scan-decide", args=[scan.pk]), data | {"action": "save"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{k1.code}: the share must be a number" in body
    assert "Two years as a PSO" in body
    assert not scan.decisions.exists()
    data[f"share-{k1.pk}"] = "40"
    client.post(reverse("scan-decide", args=[scan.pk]), data | {"action": "save"})
    assert scan.decisions.get().share_percent == 40
    scan.refresh_from_db()
    assert scan.status == ScanStatus.DECIDING


def test_check_your_answers_shows_each_rating_once_with_its_label(client, learner_scan):
    k1 = scan_ksbs(learner_scan)[0]
    client.post(reverse("scan-rate", args=[learner_scan.pk, "k"]), {f"rating-{k1.pk}": "1", "action": "later"})
    page = client.get(reverse("scan-check", args=[learner_scan.pk])).content.decode()
    assert "<strong>1 Aware</strong>" in page
    assert "1 1 Aware" not in page
