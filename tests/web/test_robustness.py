"""Every form page, as every person who takes part, sent malformed bodies: never a server error, and where
the page refuses the input nothing changes.

The pages are found from the URL configuration, so a new form page is covered without listing it here. For
each page the fields are read from the page itself, then each is sent missing, as the wrong type, as unicode
digits, a 5,000-digit number, NaN, a day or month of 99999999999999999999, text over any limit, a NUL byte,
or someone else's id. Each submission is rolled back afterwards, so every one meets the same records.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from ksbtracker.audit.models import AuditEvent
from ksbtracker.evidence.services import create_item
from ksbtracker.people.models import Enrolment
from ksbtracker.plans.services import create_plan_from_baseline
from ksbtracker.reviews.services import start_review
from ksbtracker.scans.selectors import scan_ksbs
from ksbtracker.scans.services import RatingAnswer, save_ratings, start_scan, submit_ratings
from tests.evidence.helpers import details
from tests.factories import EnrolmentFactory, standard_with_ksbs
from tests.plans.test_services import locked_baseline

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
BATTERY = {
    "missing": None,  # first: a page that refuses any POST (405) is a page to read, not a form
    "unicode digits": "²",
    "5,000 digits": "9" * 5000,
    "NaN": "NaN",
    "huge day or month": HUGE,
    "over-long text": "x" * 20_001,  # over the longest limit (20,000)
    "NUL byte": "1\x00",
    "negative": "-1",
    "list": ["1", "x"],
    "other people's id": "OTHER",
}
# Fields of the pages that take a POST but have no page of their own to read them from.
POST_ONLY_FIELDS = ["confirm", "reason", "statement", "kind", "scale", "required_hours", "action"]
# Downloads and sign-out: no form to break.
SKIPPED = {"logout", "scan-pdf", "plan-pdf", "funding-returns-export", "quality-report-export", "audit-trail-csv",
           "enrolment-export", "transferred-file", "standard-version-export"}  # fmt: skip
ROLES = ["learner", "assessor", "line_manager", "provider_admin", "quality_reviewer"]


def form_pages() -> list[tuple[str, list[str]]]:
    """(URL name, its parameters) for every page of the web app and the token pages."""
    found = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in SKIPPED:
                module = pattern.callback.__module__
                if module.startswith(("ksbtracker.web.views", "ksbtracker.api.pages")):
                    found.append((pattern.name, list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def world(scan_world):
    """One apprenticeship with a locked baseline, a draft plan, a draft review and evidence; a second whose
    scan is being rated; a third whose scan waits for decisions; and someone else's apprenticeship."""
    first = scan_world["enrolment"]
    baseline = locked_baseline(scan_world, {})
    admin = scan_world["provider_admin"]
    plan = create_plan_from_baseline(scan=baseline, actor=admin, required_hours=Decimal(100))
    review = start_review(enrolment=first, actor=scan_world["assessor"], held_on=datetime.date.today(),
                          otj_hours_done=Decimal(0), otj_hours_expected=Decimal(0))  # fmt: skip
    item = create_item(enrolment=first, actor=scan_world["learner"], details=details(first))
    people = {"provider": first.provider, "employer": first.employer, "assessor": scan_world["assessor"],
              "line_manager": scan_world["line_manager"], "learner": first.learner}  # fmt: skip
    rating = start_scan(
        enrolment=EnrolmentFactory(**people, standard_version=standard_with_ksbs()),
        actor=scan_world["assessor"],
    )
    deciding = start_scan(
        enrolment=EnrolmentFactory(**people, standard_version=standard_with_ksbs()),
        actor=scan_world["assessor"],
    )
    for who in ("learner", "assessor", "line_manager"):
        answers = [RatingAnswer(ksb_id=k.pk, value=2) for k in scan_ksbs(deciding)]
        save_ratings(scan=deciding, actor=scan_world[who], answers=answers)
        submit_ratings(scan=deciding, actor=scan_world[who])
    other = EnrolmentFactory()
    values = {
        "enrolment_id": [first.pk, rating.enrolment_id, other.pk],
        "scan_id": [baseline.pk, rating.pk, deciding.pk],
        "plan_id": [plan.pk],
        "review_id": [review.pk],
        "item_id": [item.pk],
        "ksb_id": [scan_ksbs(rating)[0].pk],
        "kind": ["k", "assessor"],
        "standard_id": [first.standard_version_id],
        "file_format": ["csv"],
    }
    return scan_world | {"values": values, "other_id": str(other.pk)}


def urls_for(name: str, params: list[str], values: dict) -> list[str]:
    combos = [{}]
    for param in params:
        combos = [c | {param: v} for c in combos for v in values.get(param, [999999])]
    urls = []
    for kwargs in combos:
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:  # a slug or path that this value does not fit
            continue
    return urls


def field_names(html: str) -> list[str]:
    names = set(re.findall(r'<(?:input|textarea|select)[^>]*\sname="([^"]+)"', html)) - {
        "csrfmiddlewaretoken"
    }
    return sorted(names) or POST_ONLY_FIELDS


def body(names: list[str], value, other_id: str) -> dict:
    if value is None:
        return {}
    if value == "OTHER":
        value = other_id
    return dict.fromkeys(names, value)


def test_no_form_page_breaks_or_changes_anything_on_malformed_input(client, world):
    problems = []
    pages = [url for name, params in form_pages() for url in urls_for(name, params, world["values"])]
    for role in ROLES:  # one world for all five people: building it is the slow part
        client.force_login(world[role])
        problems += _try_pages(client, pages, role, world["other_id"])
    assert not problems, "\n".join(problems)


def _try_pages(client, pages: list[str], role: str, other_id: str) -> list[str]:
    problems = []
    for url in pages:
        page = client.get(url)
        assert page.status_code < 500, f"GET {url} as {role}: {page.status_code}"
        if (
            page.status_code not in (200, 405)
            or page.streaming
            or "html" not in page.get("Content-Type", "html")
        ):
            continue  # this person cannot open the page (the POST is refused before any input is read), or a file
        names = field_names(page.content.decode()) if page.status_code == 200 else POST_ONLY_FIELDS
        for label, value in BATTERY.items():
            problem, status = _post(client, url, body(names, value, other_id))
            if status == 405:
                break  # a page to read, not a form
            if problem:
                problems.append(f"POST {url} as {role} with {label}: {problem}")
    return problems


def _post(client, url: str, data: dict) -> tuple[str, int]:
    """What went wrong with one submission ("" if nothing) and its status, rolled back afterwards."""
    with transaction.atomic():
        before = AuditEvent.objects.count()
        try:
            response = client.post(url, data)
        except Exception as error:  # noqa: BLE001 - reported with the page and the input that caused it
            transaction.set_rollback(True)
            return f"{type(error).__name__}: {str(error)[:200]}", 500
        changed = AuditEvent.objects.count() != before
        transaction.set_rollback(True)
    status = response.status_code
    if status >= 500:
        return f"status {status}", status
    if status not in (301, 302, 303) and changed:
        return f"refused with {status} but the record changed", status
    return "", status


def test_the_battery_reaches_every_kind_of_form_page(world):
    names = {name for name, _ in form_pages()}
    assert {"scan-rate", "scan-decide", "plan-detail", "review-detail", "otj-add", "programme-module-add",
            "evidence-add", "enrolment-add", "review-frequency", "qualification-add"} <= names  # fmt: skip
    assert Enrolment.objects.count() == 4
