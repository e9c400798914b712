"""Signatures are bound to what was signed, who signed, their role and when, under a key kept outside the
database: someone who edits the database can change a record but cannot make its signatures check."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from ksbtracker.plans.services import create_plan_from_baseline, send_plan_for_signing, sign_plan
from ksbtracker.reviews.models import ReviewSignature
from ksbtracker.scans.models import Rating, ScanSignature
from ksbtracker.scans.services import scan_content_hash
from ksbtracker.standards.models import KSB
from tests.factories import UserFactory, plan_with_activities
from tests.plans.test_services import locked_baseline
from tests.reviews.test_reviews import held_review, sign_all
from tests.web.test_plan_pages import _pdf_text

pytestmark = pytest.mark.django_db


def _scan_page(client, user, scan) -> str:
    client.force_login(user)
    return client.get(scan.get_absolute_url()).content.decode()


def _scan_pdf(client, scan) -> str:
    return _pdf_text(client.get(reverse("scan-pdf", args=[scan.pk])))


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_scan_shows_three_verified_signatures_on_the_page_and_in_the_pdf(client, scan_world):
    scan = locked_baseline(scan_world, {})
    page = _scan_page(client, scan_world["provider_admin"], scan)
    assert page.count("Verified") == 3 and "Not verified" not in page
    pdf = _scan_pdf(client, scan)
    assert pdf.count("Verified") == 3 and "Not verified" not in pdf
    signature = scan.signatures.get(role="provider")
    assert signature.key_id and len(signature.mac) == 64
    assert f'"name":"{scan_world["provider_admin"].full_name}"' in signature.signed_record


def test_a_changed_rating_with_the_old_style_hash_recomputed_is_not_verified(client, scan_world):
    scan = locked_baseline(scan_world, {})
    rating = Rating.objects.filter(scan=scan, rater_role="assessor").first()
    _sql("UPDATE scans_rating SET value = %s WHERE id = %s", [4, rating.pk])
    forged = scan_content_hash(scan)
    _sql("UPDATE scans_scansignature SET content_hash = %s WHERE scan_id = %s", [forged, scan.pk])
    page = _scan_page(client, scan_world["learner"], scan)
    assert page.count("Not verified") == 3
    assert "The content has changed since it was signed" in page
    assert "The record no longer matches what was signed" in page
    pdf = _scan_pdf(client, scan)
    assert pdf.count("Not verified") == 3
    assert "the content has changed since it was signed" in " ".join(pdf.split())


def test_rewriting_what_was_signed_to_match_the_new_content_breaks_the_signature(client, scan_world):
    scan = locked_baseline(scan_world, {})
    Rating.objects.filter(scan=scan).update(value=4)
    signature = scan.signatures.get(role="employer")
    forged = signature.signed_record.replace(signature.content_hash, scan_content_hash(scan))
    _sql("UPDATE scans_scansignature SET signed_record = %s WHERE id = %s", [forged, signature.pk])
    page = _scan_page(client, scan_world["learner"], scan)
    assert "does not check against the signing key" in page
    assert page.count("Not verified") == 3


def test_a_swapped_signer_is_not_verified_and_names_who_really_signed(client, scan_world):
    scan = locked_baseline(scan_world, {})
    impostor = UserFactory(full_name="Ivy Impostor")
    signature = scan.signatures.get(role="employer")
    _sql("UPDATE scans_scansignature SET signed_by_id = %s, signer_name = %s WHERE id = %s",
         [impostor.pk, impostor.full_name, signature.pk])  # fmt: skip
    page = _scan_page(client, scan_world["provider_admin"], scan)
    assert page.count("Not verified") == 1 and page.count(">Verified<") == 2
    manager = scan_world["line_manager"].full_name
    assert f"The signer differs: {manager} signed, but the record now names Ivy Impostor" in page
    pdf = " ".join(_scan_pdf(client, scan).split())
    assert f"the signer differs: {manager} signed, but the record now names Ivy Impostor" in pdf


def test_a_back_dated_signature_is_not_verified_and_says_when_it_was_signed(client, scan_world):
    scan = locked_baseline(scan_world, {})
    signature = scan.signatures.get(role="apprentice")
    ScanSignature.objects.filter(pk=signature.pk).update(
        signed_at=signature.signed_at - datetime.timedelta(days=40)
    )
    page = _scan_page(client, scan_world["provider_admin"], scan)
    assert page.count("Not verified") == 1
    assert "The time differs: signed " in page
    assert "but the record now says" in page
    pdf = " ".join(_scan_pdf(client, scan).split())
    assert "the time differs: signed" in pdf


def test_a_changed_ksb_text_is_a_change_to_what_was_signed(client, scan_world):
    scan = locked_baseline(scan_world, {})
    ksb = KSB.objects.filter(standard_version=scan.enrolment.standard_version).first()
    _sql("UPDATE standards_ksb SET text = %s WHERE id = %s", ["Something else entirely", ksb.pk])
    page = _scan_page(client, scan_world["provider_admin"], scan)
    assert page.count("Not verified") == 3


def test_a_removed_signature_shows_on_the_signature_after_it(client, scan_world):
    scan = locked_baseline(scan_world, {})
    first = scan.signatures.order_by("pk").first()
    _sql("DELETE FROM scans_scansignature WHERE id = %s", [first.pk])
    page = _scan_page(client, scan_world["provider_admin"], scan)
    assert "An earlier signature on this record has been changed or removed" in page


def test_rotated_keys_still_verify_old_signatures_and_dropped_keys_do_not(client, scan_world, settings):
    settings.SIGNING_KEYS = "2026-old=" + "o" * 40
    scan = locked_baseline(scan_world, {})
    assert set(scan.signatures.values_list("key_id", flat=True)) == {"2026-old"}
    settings.SIGNING_KEYS = "2027-new=" + "n" * 40 + ",2026-old=" + "o" * 40
    assert _scan_page(client, scan_world["provider_admin"], scan).count("Verified") == 3
    settings.SIGNING_KEYS = "2027-new=" + "n" * 40
    page = _scan_page(client, scan_world["provider_admin"], scan)
    assert page.count("Not verified") == 3
    assert "made with a key this service does not hold (2026-old)" in page


def test_a_key_of_the_wrong_shape_is_refused(settings, scan_world):
    settings.SIGNING_KEYS = "short=abc"
    with pytest.raises(RuntimeError, match="32 characters"):
        locked_baseline(scan_world, {})


def test_a_tampered_plan_is_not_verified_on_its_page_and_in_its_pdf(client, scan_world):
    scan = locked_baseline(scan_world, {})
    plan = create_plan_from_baseline(
        scan=scan, actor=scan_world["provider_admin"], required_hours=Decimal("100")
    )
    plan_with_activities(plan, scan_world["provider_admin"])
    send_plan_for_signing(plan=plan, actor=scan_world["provider_admin"])
    for who in ("learner", "line_manager", "provider_admin"):
        sign_plan(plan=plan, actor=scan_world[who])
    client.force_login(scan_world["learner"])
    assert client.get(plan.get_absolute_url()).content.decode().count("Verified") == 3
    item = plan.items.first()
    _sql("UPDATE plans_planitem SET planned_hours = %s WHERE id = %s", [Decimal("1"), item.pk])
    assert client.get(plan.get_absolute_url()).content.decode().count("Not verified") == 3
    pdf = " ".join(_pdf_text(client.get(reverse("plan-pdf", args=[plan.pk]))).split())
    assert pdf.count("Not verified: the content has changed since it was signed") == 3


def test_a_tampered_review_is_not_verified_on_its_page(client, scan_world):
    review = sign_all(scan_world, held_review(scan_world, datetime.date.today()))
    client.force_login(scan_world["assessor"])
    assert client.get(review.get_absolute_url()).content.decode().count("Verified") == 3
    _sql("UPDATE reviews_progressreview SET concerns = %s WHERE id = %s", ["Added later", review.pk])
    signature = review.signatures.get(role="learner")
    ReviewSignature.objects.filter(pk=signature.pk).update(role="line_manager_x")
    page = client.get(review.get_absolute_url()).content.decode()
    assert page.count("Not verified") == 3
    assert "the role differs: signed as learner" in page
