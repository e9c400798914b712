import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ksbtracker.cli import main
from ksbtracker.standards.models import KSB, StandardVersion

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL = FIXTURES / "standards-api"
BROKEN = FIXTURES / "standards-api-broken"

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    stdout = io.StringIO()
    call_command("import_standard", *map(str, args), stdout=stdout, no_color=True)
    return stdout.getvalue().splitlines()


def test_a_folder_is_imported_with_one_line_per_file_needing_care_and_a_summary():
    lines = run(REAL)

    assert lines == [
        "needed care: standards_417.json: duty 13 (guid b607495f-82f3-4c23-af63-c4d9a01b2b52) maps to option "
        "GUID d83c49c1-4546-4541-9160-af11cbafeaf6 which matches no option of ST0515 v1.0 "
        "(and 6 more; -v 2 lists them all)",
        "needed care: standards_643.json: duty 1 (guid 4407a7db-bdec-4ffa-8b03-b6a09382072a) maps to knowledge "
        "GUID 9ed06f80-3aa5-4a48-ae33-6210f3ea04cb which matches no KSB of ST0863 v1.0 "
        "(and 31 more; -v 2 lists them all)",
        "imported: 8, unchanged: 0, failed: 0",
    ]
    assert StandardVersion.objects.count() == 8


def test_a_second_run_reports_everything_unchanged():
    run(REAL)

    assert run(REAL) == ["imported: 0, unchanged: 8, failed: 0"]


def test_failed_files_are_reported_and_the_others_imported():
    lines = run(REAL / "standards_495.json", BROKEN)

    assert lines[-1] == "imported: 1, unchanged: 0, failed: 7"
    assert len(lines) == 8
    assert "failed: missing-reference-number.json: referenceNumber is missing" in lines
    assert "failed: not-an-object.json: the file holds a JSON list, not an object" in lines
    assert list(StandardVersion.objects.values_list("reference_number", flat=True)) == ["ST0648"]
    assert KSB.objects.count() == 43


def test_verbosity_2_lists_every_message():
    lines = run(REAL / "standards_643.json", "--verbosity", "2")

    assert len(lines) == 33
    assert all(line.startswith("needed care: standards_643.json: duty ") for line in lines[:32])


def test_an_updated_file_is_counted_as_imported(tmp_path):
    shutil.copy(REAL / "standards_496.json", tmp_path / "standards_496.json")
    run(tmp_path)
    changed = (
        (tmp_path / "standards_496.json").read_text().replace("Probation services practitioner", "PSP", 1)
    )
    (tmp_path / "standards_496.json").write_text(changed)

    assert run(tmp_path) == ["imported: 1, unchanged: 0, failed: 0"]
    assert StandardVersion.objects.get().title == "PSP"


def test_a_path_that_does_not_exist_is_an_error_and_imports_nothing():
    with pytest.raises(CommandError, match="No such file or folder: .*no-such-file.json"):
        run(REAL / "standards_495.json", REAL / "no-such-file.json")

    assert not StandardVersion.objects.exists()


def test_the_ksbtracker_command_accepts_the_hyphenated_name(capsys):
    assert main(["ksbtracker", "import-standard", str(REAL / "standards_495.json")]) == 0

    assert capsys.readouterr().out.splitlines()[-1] == "imported: 1, unchanged: 0, failed: 0"


def test_the_ksbtracker_command_exits_with_status_1_for_a_missing_path(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["ksbtracker", "import-standard", str(REAL / "no-such-file.json")])

    assert exit_info.value.code == 1
    assert "No such file or folder" in capsys.readouterr().err
