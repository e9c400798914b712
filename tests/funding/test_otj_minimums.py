"""Published minimum OTJ hours: the CSV import command, and the provider admin's pages."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ksbtracker.audit.models import AuditEvent
from ksbtracker.cli import main
from ksbtracker.funding.models import PublishedOTJMinimum
from ksbtracker.people.models import Role
from tests.factories import MembershipFactory, ProviderFactory, PublishedOTJMinimumFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "standard reference,version,minimum hours,effective from,effective to,source\n"


def run_import(tmp_path, text: str, encoding="utf-8") -> str:
    path = tmp_path / "minimums.csv"
    path.write_bytes(text.encode(encoding))
    out = io.StringIO()
    call_command("import_otj_minimums", str(path), stdout=out)
    return out.getvalue()


def test_import_loads_the_transitional_and_the_republished_figures(tmp_path):
    output = run_import(
        tmp_path,
        HEADER + "ST0494,1.1,300,2025-08-01,2025-12-31,DfE annex (transitional)\n"
        "st0494,1.1,350,01/01/2026,,DfE annex January 2026\n",
    )
    assert "2 added, 0 changed, 0 already recorded, 0 not loaded." in output
    rows = list(
        PublishedOTJMinimum.objects.order_by("effective_from").values_list("minimum_hours", "effective_to")
    )
    assert rows == [(300, datetime.date(2025, 12, 31)), (350, None)]
    assert AuditEvent.objects.filter(action="published_otj_minimum.added").count() == 2


def test_import_again_changes_only_what_differs_and_audits_it(tmp_path):
    run_import(tmp_path, HEADER + "ST0494,1.1,300,2025-08-01,,annex\n")
    output = run_import(
        tmp_path, HEADER + "ST0494,1.1,320,2025-08-01,,annex v2\nST0494,1.1,320,2025-08-01,,annex v2\n"
    )
    assert "Changed: row 2: ST0494 version 1.1: 320 hours" in output
    assert "Already recorded: row 3" in output
    event = AuditEvent.objects.get(action="published_otj_minimum.changed")
    assert (event.before["minimum_hours"], event.after["minimum_hours"]) == (300, 320)


def test_import_loads_good_rows_and_reports_each_bad_row_without_a_traceback(tmp_path):
    text = HEADER + (
        "ST0648,1.0,500,2025-08-01,,annex\n"
        "ST0648,1.1,lots,2025-08-01,,annex\n"
        "ST0648,1.2,400,2025-13-01,,annex\n"
        "ST0648,1.3,400,2026-01-01,2025-01-01,annex\n"
        ",1.4,400,2026-01-01,,annex\n"
    )
    with pytest.raises(CommandError, match="4 row\\(s\\) were not loaded"):
        run_import(tmp_path, text)
    assert list(PublishedOTJMinimum.objects.values_list("version", flat=True)) == ["1.0"]


def test_import_report_names_each_problem(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "ST0648,1.1,lots,2025-08-01,,annex\nST0648,1.2,400,2025-13-01,,annex\n")
    with pytest.raises(SystemExit) as exit_:
        main(["ksbtracker", "import-otj-minimums", str(path)])
    assert exit_.value.code != 0
    captured = capsys.readouterr()
    assert "Not loaded: row 2: minimum hours must be a whole number (got 'lots')" in captured.out
    assert "Not loaded: row 3: effective from must be a real date" in captured.out
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("reference,hours\nST0648,400\n", "The file needs a header row with the columns"),
        ("", "The file needs a header row"),
    ],
)
def test_import_refuses_a_file_it_cannot_read(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        run_import(tmp_path, content)


def test_import_refuses_a_missing_or_binary_file(tmp_path):
    with pytest.raises(CommandError, match="No file"):
        call_command("import_otj_minimums", str(tmp_path / "missing.csv"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(CommandError, match="could not be read as a UTF-8 CSV file"):
        call_command("import_otj_minimums", str(binary))


# Pages -----------------------------------------------------------------------------------------------


@pytest.fixture
def provider_admin():
    user = UserFactory()
    MembershipFactory(user=user, role=Role.PROVIDER_ADMIN, organisation=ProviderFactory())
    return user


FORM = {
    "reference_number": "st0648",
    "version": "1.0",
    "minimum_hours": "450",
    "effective_from_0": "1",
    "effective_from_1": "8",
    "effective_from_2": "2026",
    "source": "DfE annex of minimum OTJ hours, January 2026",
}


def test_a_provider_admin_records_a_published_minimum_and_it_is_audited(client, provider_admin):
    client.force_login(provider_admin)
    response = client.post(reverse("otj-minimum-add"), FORM)
    assert response.status_code == 302
    minimum = PublishedOTJMinimum.objects.get()
    assert (minimum.reference_number, minimum.minimum_hours) == ("ST0648", 450)
    assert AuditEvent.objects.get(action="published_otj_minimum.added").actor == provider_admin
    page = client.get(reverse("otj-minimums")).content.decode()
    assert "ST0648 version 1.0" in page and "450" in page and "From 1 August 2026" in page


def test_a_provider_admin_corrects_a_figure_and_the_trail_keeps_the_old_one(client, provider_admin):
    minimum = PublishedOTJMinimumFactory(minimum_hours=400)
    client.force_login(provider_admin)
    url = reverse("otj-minimum-change", args=[minimum.pk])
    assert 'value="400"' in client.get(url).content.decode()
    response = client.post(url, {**FORM, "effective_from_2": "2025", "minimum_hours": "420"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="published_otj_minimum.changed")
    assert (event.before["minimum_hours"], event.after["minimum_hours"]) == (400, 420)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minimum_hours": "lots"}, "Published minimum hours must be a whole number"),
        ({"reference_number": "probation"}, "Enter the standard reference, like ST0648"),
        ({"effective_from_1": "13"}, "For starts from must be a real date"),
        ({"effective_to_0": "1", "effective_to_1": "1", "effective_to_2": "2026"}, "must be on or after"),
        ({"source": ""}, "Enter where the figure is published"),
    ],
)
def test_bad_figures_are_explained_and_nothing_typed_is_lost(client, provider_admin, changes, message):
    client.force_login(provider_admin)
    page = client.post(reverse("otj-minimum-add"), {**FORM, **changes}).content.decode()
    assert "govuk-error-summary" in page and message in page
    assert "DfE annex of minimum OTJ hours, January 2026" in page or changes.get("source") == ""
    assert not PublishedOTJMinimum.objects.exists()


def test_a_second_figure_from_the_same_date_is_refused_clearly(client, provider_admin):
    PublishedOTJMinimumFactory(
        reference_number="ST0648", version="1.0", effective_from=datetime.date(2026, 8, 1)
    )
    client.force_login(provider_admin)
    page = client.post(reverse("otj-minimum-add"), FORM).content.decode()
    assert "already recorded: change it" in page


def test_assessors_see_the_list_but_may_not_change_it(client):
    assessor = UserFactory()
    MembershipFactory(user=assessor, role=Role.ASSESSOR, organisation=ProviderFactory())
    minimum = PublishedOTJMinimumFactory()
    client.force_login(assessor)
    assert client.get(reverse("otj-minimums")).status_code == 200
    assert client.get(reverse("otj-minimum-add")).status_code == 403
    assert client.post(reverse("otj-minimum-change", args=[minimum.pk]), FORM).status_code == 403


def test_the_list_is_paginated(client, provider_admin):
    for number in range(55):
        PublishedOTJMinimumFactory(reference_number=f"ST{number:04d}")
    client.force_login(provider_admin)
    page = client.get(reverse("otj-minimums")).content.decode()
    assert "Page 1 of 2" in page and "ST0054" not in page
    assert "ST0054" in client.get(reverse("otj-minimums") + "?page=2").content.decode()
