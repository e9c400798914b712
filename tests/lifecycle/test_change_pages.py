"""A provider admin records what happens during an apprenticeship, and everyone sees it follow through."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ksbtracker.audit.api import AuditEvent
from ksbtracker.lifecycle.models import ChangeKind, EnrolmentChange
from ksbtracker.people.employer_links import link_employer
from ksbtracker.people.models import Enrolment, EnrolmentStatus, Role
from ksbtracker.progress.needs import tasks_for
from ksbtracker.progress.otj import otj_position
from ksbtracker.reviews.selectors import review_due
from tests.factories import (
    EmployerFactory,
    MembershipFactory,
    ProviderFactory,
    PublishedOTJMinimumFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def world(scan_world):
    """The scan world's apprenticeship, started 200 days ago and due to end in 300 days."""
    enrolment = scan_world["enrolment"]
    Enrolment.objects.filter(pk=enrolment.pk).update(start_date=days(-200), planned_end_date=days(300))
    enrolment.refresh_from_db()
    PublishedOTJMinimumFactory.for_standard(enrolment.standard_version, 500, effective_from=days(-400))
    return scan_world


def change(client, world, kind, **data):
    return client.post(reverse("enrolment-change", args=[world["enrolment"].pk, kind]), data)


def test_break_and_return_pause_otj_and_reviews_and_move_the_planned_end(client, world):
    enrolment = world["enrolment"]
    client.force_login(world["provider_admin"])
    before = otj_position(enrolment, today=days(-60))
    due_before = review_due(enrolment, today=days(-60)).due_by
    response = change(client, world, "break", reason="Long-term sick leave", **date_fields("effective_on", days(-60)),
                      **date_fields("expected_return_on", days(-10)))  # fmt: skip
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.BREAK
    # OTJ expected stays where it was while the break lasts; reviews are not overdue.
    assert otj_position(enrolment, today=days(-1)).expected_by_today == before.expected_by_today
    assert not review_due(enrolment).overdue
    response = change(
        client, world, "return", reason="Back at work", **date_fields("effective_on", days(-30))
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.planned_end_date == days(330)
    assert review_due(enrolment, today=days(-1)).due_by == due_before + datetime.timedelta(days=30)
    after = otj_position(enrolment, today=days(-30))
    assert after.expected_by_today == before.expected_by_today
    assert otj_position(enrolment).expected_by_today > before.expected_by_today
    page = client.get(enrolment.get_absolute_url()).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and enrolment.learner.full_name in title
    assert "Break in learning started" in page and "Long-term sick leave" in page
    assert f"planned end moved to {days(330):%-d %B %Y}" in page
    actions = set(AuditEvent.objects.filter(object_id=str(enrolment.pk)).values_list("action", flat=True))
    assert {"enrolment.break_started", "enrolment.returned"} <= actions


def test_a_break_stops_what_needs_you(client, world):
    enrolment = world["enrolment"]
    Enrolment.objects.filter(pk=enrolment.pk).update(start_date=days(-400), planned_end_date=days(300))
    assert any("progress review" in t.text for t in tasks_for(world["assessor"]))
    client.force_login(world["provider_admin"])
    change(client, world, "break", reason="Secondment", **date_fields("effective_on", days(-1)),
           **date_fields("expected_return_on", days(60)))  # fmt: skip
    assert not [t for t in tasks_for(world["assessor"]) if t.who == enrolment.learner.full_name]


def test_changing_the_assessor_moves_who_can_see_the_apprentice(client, world):
    enrolment = world["enrolment"]
    new_assessor = UserFactory(full_name="Ada Newton")
    MembershipFactory(user=new_assessor, organisation=enrolment.provider, role=Role.ASSESSOR)
    client.force_login(world["provider_admin"])
    url = reverse("enrolment-change", args=[enrolment.pk, "people"])
    page = client.get(url).content.decode()
    assert "Ada Newton" in page
    bad = client.post(
        url, {"assessor": new_assessor.pk, "line_manager": world["line_manager"].pk}
    ).content.decode()
    assert "There is a problem" in bad
    assert "Enter the reason for the change" in bad and "Enter the date the change takes effect" in bad
    assert 'value="Ada Newton' not in bad and f'value="{new_assessor.pk}" selected' in bad
    response = change(client, world, "people", assessor=new_assessor.pk, line_manager=world["line_manager"].pk,
                      reason="Caseload rebalanced", **date_fields("effective_on", TODAY))  # fmt: skip
    assert response.status_code == 302
    assert EnrolmentChange.objects.get().kind == ChangeKind.ASSESSOR
    client.force_login(new_assessor)
    assert client.get(enrolment.get_absolute_url()).status_code == 200
    client.force_login(world["assessor"])
    assert client.get(enrolment.get_absolute_url()).status_code == 404


def test_changing_employer_needs_a_line_manager_there(client, world):
    enrolment = world["enrolment"]
    employer, manager = (
        EmployerFactory(name="Probation region South West"),
        UserFactory(full_name="Sam Patel"),
    )
    MembershipFactory(user=manager, organisation=employer, role=Role.LINE_MANAGER)
    link_employer(provider=enrolment.provider, employer=employer)
    elsewhere = EmployerFactory(name="Another provider's employer")
    link_employer(provider=ProviderFactory(), employer=elsewhere)
    client.force_login(world["provider_admin"])
    form = client.get(reverse("enrolment-change", args=[enrolment.pk, "employer"])).content.decode()
    assert "Probation region South West" in form and "Another provider" not in form
    data = {"employer": employer.pk, "reason": "Moved region", **date_fields("effective_on", days(-5))}
    bad = change(client, world, "employer", line_manager=world["line_manager"].pk, **data).content.decode()
    assert "is not a line manager at Probation region South West" in bad
    assert change(client, world, "employer", line_manager=manager.pk, **data).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.employer == employer and enrolment.line_manager == manager
    client.force_login(manager)
    page = client.get(enrolment.get_absolute_url()).content.decode()
    assert "Employer changed from" in page and "to Probation region South West" in page


def test_changing_hours_is_agreed_and_changes_the_figures(client, world):
    enrolment = world["enrolment"]
    client.force_login(world["provider_admin"])
    data = {"weekly_hours": "22.5", "reason": "Part-time after return", **date_fields("effective_on", TODAY)}
    assert "Enter who agreed it for the employer" in change(client, world, "hours", **data).content.decode()
    assert change(client, world, "hours", agreed_by="Sam Patel", **data).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.weekly_hours == Decimal("22.5")
    page = client.get(enrolment.get_absolute_url()).content.decode()
    assert "Contracted hours changed from 37 to 22.5 a week (agreed by Sam Patel)" in page


def test_withdrawal_makes_the_record_read_only(client, world):
    enrolment = world["enrolment"]
    client.force_login(world["provider_admin"])
    future = change(
        client, world, "withdraw", reason="Left the service", **date_fields("effective_on", days(3))
    )
    assert "The date must be today or in the past" in future.content.decode()
    change(client, world, "withdraw", reason="Left the service", **date_fields("effective_on", TODAY))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    page = client.get(enrolment.get_absolute_url()).content.decode()
    assert "Its record is read-only" in page and "Record a change" not in page
    assert client.get(reverse("enrolment-change", args=[enrolment.pk, "hours"])).status_code == 403
    client.force_login(world["assessor"])
    assert (
        client.post(reverse("review-start", args=[enrolment.pk]), date_fields("held_on", TODAY)).status_code
        == 403
    )
    client.force_login(world["learner"])
    otj = {"date-day": str(TODAY.day), "date-month": str(TODAY.month), "date-year": str(TODAY.year),
           "activity": "Reading", "hours": "2"}  # fmt: skip
    assert client.post(reverse("otj-add", args=[enrolment.pk]), otj).status_code == 403


def test_gateway_then_completion(client, world):
    enrolment = world["enrolment"]
    client.force_login(world["provider_admin"])
    assert client.get(reverse("enrolment-change", args=[enrolment.pk, "complete"])).status_code == 404
    change(
        client,
        world,
        "gateway",
        reason="Employer confirmed readiness",
        **date_fields("effective_on", days(-2)),
    )
    early = change(client, world, "complete", reason="Passed EPA", **date_fields("effective_on", days(-3)))
    assert "on or after the last recorded change" in early.content.decode()
    change(client, world, "complete", reason="Passed EPA with merit", **date_fields("effective_on", TODAY))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert list(enrolment.changes.values_list("kind", flat=True)) == [
        ChangeKind.COMPLETED,
        ChangeKind.GATEWAY,
    ]


@pytest.mark.parametrize("kind", ["people", "employer", "hours", "break", "gateway", "withdraw"])
@pytest.mark.parametrize(
    ("role", "status"),
    [("provider_admin", 200), ("learner", 403), ("assessor", 403), ("line_manager", 403),
     ("quality_reviewer", 403), ("outsider", 404)],
)  # fmt: skip
def test_only_the_providers_admins_reach_the_change_pages(client, world, kind, role, status):
    client.force_login(world[role])
    url = reverse("enrolment-change", args=[world["enrolment"].pk, kind])
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "x"}).status_code == (200 if status == 200 else status)
    assert not EnrolmentChange.objects.exists()
