"""The figures to return: a page per apprenticeship, returned figures fixed but for corrections, and exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ksbtracker.audit.models import AuditEvent
from ksbtracker.funding.apprentice import record_funding_details
from ksbtracker.funding.models import ReturnedFigures
from ksbtracker.funding.returns import field_names, funding_year_of
from ksbtracker.plans.models import TrainingPlan
from ksbtracker.plans.services import create_plan_from_baseline
from ksbtracker.progress.models import OTJLogEntry
from tests.factories import EnrolmentFactory, ProviderFactory
from tests.plans.test_services import locked_baseline

pytestmark = pytest.mark.django_db


def dfe_example(world, *, start=datetime.date(2025, 9, 1)):
    """300 of 1,000 hours recognised, a £10,000 price and band, 12 months: the DfE worked example."""
    enrolment = world["enrolment"]
    enrolment.start_date, enrolment.planned_end_date = start, start.replace(year=start.year + 1)
    enrolment.agreed_price = Decimal("10000")
    enrolment.save()
    enrolment.standard_version.max_funding = 10000
    enrolment.standard_version.save()
    scan = locked_baseline(world, {"K1": ("full", None), "S1": ("part", Decimal("50"))})
    plan = create_plan_from_baseline(scan=scan, actor=world["provider_admin"], required_hours=Decimal("1000"))
    TrainingPlan.objects.filter(pk=plan.pk).update(status="signed")
    record_funding_details(actor=world["provider_admin"], enrolment=enrolment,
                           values={"uln": "9276308686", "epa_price": Decimal("1200")})  # fmt: skip
    OTJLogEntry.objects.create(enrolment=enrolment, date=start, activity="Induction", hours=Decimal("12.5"),
                               recorded_by=world["assessor"])  # fmt: skip
    return enrolment


def test_field_names_follow_the_funding_year():
    assert funding_year_of(datetime.date(2026, 7, 31)) == 2025
    assert funding_year_of(datetime.date(2026, 8, 1)) == 2026
    assert field_names(2025) == {
        "planned": "PHours",
        "actual": "OTJActHours",
        "removed": "Hours removed for prior learning",
    }
    assert field_names(2026) == {"planned": "HRS 1", "actual": "HRS 3", "removed": "HRS 4"}


def test_the_apprenticeship_page_shows_the_figures_to_return(client, scan_world):
    enrolment = dfe_example(scan_world)
    client.force_login(scan_world["provider_admin"])
    page = client.get(reverse("enrolment-funding", args=[enrolment.pk])).content.decode()
    for text in ("9276308686", "1 September 2025", "19 May 2026", "700", "300", "12.5",
                 "£7,300.00", "£1,200.00", "Y, by 15 weeks", "£1,500.00"):  # fmt: skip
        assert text in page, text


def test_returned_figures_change_only_by_a_correction_with_a_reason(client, scan_world):
    enrolment = dfe_example(scan_world)
    url = reverse("enrolment-funding", args=[enrolment.pk])
    client.force_login(scan_world["provider_admin"])
    client.post(url, {"action": "return"})
    returned = ReturnedFigures.objects.get()
    assert (returned.planned_end_date, returned.planned_hours) == (datetime.date(2026, 5, 19), Decimal("700"))
    assert AuditEvent.objects.filter(action="funding_return.returned").exists()
    # The plan changes later; the returned figures do not.
    TrainingPlan.objects.filter(enrolment=enrolment).update(required_hours=Decimal("1100"))
    assert "700" in client.get(url).content.decode()
    client.post(url, {"action": "return"})
    assert ReturnedFigures.objects.count() == 1

    correct = reverse("returned-figures-correct", args=[enrolment.pk])
    page = client.post(correct, {"planned_hours": "800"}).content.decode()
    assert "Enter the reason for the correction" in page
    assert (
        client.post(correct, {"planned_hours": "800", "reason": "Plan revised at review 2"}).status_code
        == 302
    )
    returned.refresh_from_db()
    assert returned.planned_hours == Decimal("800")
    event = AuditEvent.objects.get(action="funding_return.corrected")
    assert event.before == {"planned_hours": "700"}
    assert event.after == {"planned_hours": "800", "reason": "Plan revised at review 2"}
    page = client.get(url).content.decode()
    assert "Plan revised at review 2" in page


def export(client, file_format, year):
    response = client.get(reverse("funding-returns-export", args=[file_format]), {"year": str(year)})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_the_csv_export_has_one_row_per_apprenticeship_with_2025_26_names(client, scan_world):
    dfe_example(scan_world)
    client.force_login(scan_world["provider_admin"])
    response, body = export(client, "csv", 2025)
    assert response["Content-Disposition"] == 'attachment; filename="figures-to-return-2025-26.csv"'
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["ULN"] == "9276308686"
    assert row["PHours planned OTJ hours"] == "700"
    assert row["OTJActHours actual OTJ hours to date"] == "12.5"
    assert row["Hours removed for prior learning OTJ hours removed for prior learning"] == "300"
    assert (row["TNP1 training price"], row["TNP2 end-point assessment price"]) == ("7300", "1200")
    assert (row["Duration reduced"], row["Duration reduced by, weeks"]) == ("Y", "15")
    assert row["Total price reduction (£)"] == "1500"
    assert row["Planned end date"] == "2026-05-19"
    event = AuditEvent.objects.get(action="funding_return.exported")
    assert event.actor == scan_world["provider_admin"] and event.after["format"] == "csv"


def test_the_xlsx_export_opens_with_the_same_figures_and_2026_27_codes(client, scan_world):
    dfe_example(scan_world, start=datetime.date(2026, 9, 1))
    client.force_login(scan_world["provider_admin"])
    _response, body = export(client, "xlsx", 2026)
    sheet = load_workbook(io.BytesIO(body)).active
    header, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    row = dict(zip(header, values, strict=True))
    assert row["HRS 1 planned OTJ hours"] == 700
    assert row["HRS 3 actual OTJ hours to date"] == 12.5
    assert row["HRS 4 OTJ hours removed for prior learning"] == 300
    assert row["TNP1 training price"] == 7300 and row["Total price reduction (£)"] == 1500
    assert row["Planned end date"].date() == datetime.date(2027, 5, 19)
    assert sheet.max_row == 2


def test_the_export_is_filtered_by_funding_year_and_obeys_access_rules(client, scan_world):
    dfe_example(scan_world)
    EnrolmentFactory(provider=ProviderFactory(), start_date=datetime.date(2025, 9, 1))  # another provider's
    client.force_login(scan_world["provider_admin"])
    assert export(client, "csv", 2025)[1].decode("utf-8-sig").count("\n") == 2
    assert export(client, "csv", 2024)[1].decode("utf-8-sig").count("\n") == 1  # header only
    for who in ("learner", "assessor", "line_manager"):
        client.force_login(scan_world[who])
        assert (
            client.get(reverse("funding-returns-export", args=["csv"]), {"year": "2025"}).status_code == 403
        )
    client.force_login(scan_world["provider_admin"])
    assert client.get(reverse("funding-returns-export", args=["pdf"])).status_code == 404
    assert (
        client.get(reverse("funding-returns-export", args=["csv"]), {"year": "nonsense"}).status_code == 200
    )


def test_export_and_page_queries_do_not_grow_with_apprenticeships(client, scan_world):
    dfe_example(scan_world)
    client.force_login(scan_world["provider_admin"])

    def queries(url, data):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, data)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            else:
                assert response.status_code == 200
        return len(captured)

    urls = [
        (reverse("funding-returns-export", args=["csv"]), {"year": "2025"}),
        (reverse("funding-returns"), {"year": "2025"}),
    ]
    few = [queries(url, data) for url, data in urls]
    for _ in range(15):
        EnrolmentFactory(provider=scan_world["enrolment"].provider, standard_version=scan_world["enrolment"].standard_version,
                         start_date=datetime.date(2025, 10, 1))  # fmt: skip
    assert [queries(url, data) for url, data in urls] == few


def test_the_returns_page_lists_rows_with_the_years_names(client, scan_world):
    dfe_example(scan_world)
    client.force_login(scan_world["provider_admin"])
    page = client.get(reverse("funding-returns"), {"year": "2025"}).content.decode()
    assert "PHours planned OTJ hours" in page and "9276308686" in page and "7300" in page
    page = client.get(reverse("funding-returns"), {"year": "2026"}).content.decode()
    assert "HRS 1 planned OTJ hours" in page
