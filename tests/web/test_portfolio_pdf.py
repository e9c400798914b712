"""The portfolio PDF for an audit: signed scan and plan, evidence by KSB, the OTJ log with totals, reviews with
their signatures checked, the gateway checklist; the same access as the apprenticeship page; each download
in the audit trail; a cost that does not grow with the evidence."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from ksbtracker.audit.models import AuditEvent
from ksbtracker.evidence.services import create_item, submit_item
from ksbtracker.people.demo import load_demo_data
from ksbtracker.people.models import Enrolment, User
from ksbtracker.progress.demo import load_demo_activity
from ksbtracker.progress.services import log_otj_hours
from ksbtracker.reviews.models import ReviewAction
from ksbtracker.standards.builtin import load_builtin_standards
from tests.evidence.helpers import details
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    load_builtin_standards()
    load_demo_data()
    load_demo_activity()
    return Enrolment.objects.select_related("learner").get(learner__email="learner2@example.org")


def _url(enrolment) -> str:
    return reverse("enrolment-portfolio-pdf", args=[enrolment.pk])


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_learner_downloads_everything_an_auditor_asks_for(client, enrolment):
    client.force_login(enrolment.learner)
    page = client.get(enrolment.get_absolute_url())
    assert _url(enrolment) in page.content.decode() and "Download portfolio (PDF)" in page.content.decode()

    response = client.get(_url(enrolment))
    assert response["Content-Disposition"] == 'attachment; filename="portfolio-Ben-Okafor.pdf"'
    text = _text(response)
    assert "Portfolio: Ben Okafor" in text
    # The evidence index: each KSB with the titles of the evidence mapped to it, and the gaps.
    assert "K6" in text and "Reflection on my first risk assessment" in text
    assert "S4" in text and "Observed supervision session" in text
    assert "No evidence yet" in text
    # The OTJ log and its totals: 3 hours from submitted evidence and 2.5 logged.
    assert "Safeguarding adults e-learning" in text
    assert "Total hours done 5.5 of" in text
    assert "Total logged 2.5" in text
    # The review, its date and its three signatures, each checked.
    assert "Review held 20 May 2025" in text
    assert text.count("Verified") >= 3 and "Not verified" not in text
    # The gateway checklist and the signed scan and plan as they print on their own.
    assert "Gateway checklist" in text and "Every KSB signed off" in text
    assert "Initial skills scan (baseline): Ben Okafor" in text
    assert "Training plan: Ben Okafor" in text


def test_a_review_changed_after_signing_shows_not_verified(client, enrolment):
    ReviewAction.objects.filter(review__enrolment=enrolment).update(description="Changed afterwards")
    client.force_login(enrolment.assessor)
    text = _text(client.get(_url(enrolment)))
    assert "Changed afterwards" in text
    assert "Not verified" in text


def test_another_learner_or_an_outsider_gets_not_found(client, enrolment):
    for person in (User.objects.get(email="learner@example.org"), UserFactory()):
        client.force_login(person)
        assert client.get(_url(enrolment)).status_code == 404
    assert not AuditEvent.objects.filter(action="enrolment.portfolio_downloaded").exists()


def test_each_download_is_in_the_audit_trail(client, enrolment):
    manager = User.objects.get(email="manager@example.org")
    client.force_login(manager)
    _text(client.get(_url(enrolment)))
    event = AuditEvent.objects.get(action="enrolment.portfolio_downloaded")
    assert event.actor == manager
    assert event.enrolment_ref == enrolment.pk
    assert event.object_id == str(enrolment.pk)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_cost_does_not_grow_with_more_evidence_or_log_entries(client, enrolment):
    client.force_login(enrolment.learner)
    before = _queries(client, _url(enrolment))
    for number, codes in enumerate((("K1", "S2"), ("K2", "K3", "B1"), ("S5",))):
        item = create_item(enrolment=enrolment, actor=enrolment.learner,
                           details=details(enrolment, codes=codes, title=f"Extra evidence {number}"))  # fmt: skip
        submit_item(item=item, actor=enrolment.learner)
        log_otj_hours(enrolment=enrolment, actor=enrolment.learner, date=datetime.date(2025, 6, 10 + number),
                      activity=f"Workshop {number}", hours=Decimal("1"), ksb_ids=[])  # fmt: skip
    assert _queries(client, _url(enrolment)) == before
    text = _text(client.get(_url(enrolment)))
    assert "Extra evidence 2" in text and "Workshop 2" in text
