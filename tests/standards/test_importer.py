import copy
import datetime
import json
from pathlib import Path

import pytest
from django.db import IntegrityError

from ksbtracker.audit.models import AuditEvent
from ksbtracker.standards import importer
from ksbtracker.standards.importer import import_standard_document, import_standard_paths
from ksbtracker.standards.models import KSB, Duty, StandardOption, StandardVersion

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL = FIXTURES / "standards-api"
BROKEN = FIXTURES / "standards-api-broken"

pytestmark = pytest.mark.django_db


def load(name: str) -> dict:
    return json.loads((REAL / name).read_text())


def imported(name: str, document: dict | None = None) -> StandardVersion:
    outcome = import_standard_document(document=document or load(name), source=name)
    assert outcome.status == "imported", outcome.messages
    return outcome.standard


def codes(ksbs) -> list[str]:
    order = {"K": 0, "S": 1, "B": 2}
    return [ksb.code for ksb in sorted(ksbs, key=lambda ksb: (order[ksb.kind], ksb.number))]


def duty_codes(standard: StandardVersion, number: int) -> list[str]:
    return codes(standard.duties.get(number=number).ksbs.all())


def nothing_stored() -> bool:
    tables = (StandardVersion, KSB, Duty, StandardOption, AuditEvent)
    return not any(model.objects.exists() for model in tables)


def test_probation_officer_has_its_published_ksbs_codes_and_facts():
    standard = imported("standards_495.json")

    assert (standard.reference_number, standard.version, standard.title) == (
        "ST0648",
        "1.0",
        "Probation officer",
    )
    assert (standard.level, standard.lars_code, standard.typical_duration_months) == (6, 495, 36)
    assert standard.max_funding == 21000
    assert codes(standard.ksbs.all()) == [
        *(f"K{n}" for n in range(1, 17)),
        *(f"S{n}" for n in range(1, 21)),
        *(f"B{n}" for n in range(1, 8)),
    ]
    assert standard.duties.count() == 14
    assert standard.mapping_published is True
    assert standard.source == "standards_495.json"


def test_both_date_formats_are_read():
    standard = imported("standards_495.json")

    # "2019-08-20T00:00:00" and "2019-08-20T00:00:00 +00:00"
    assert standard.earliest_start_date == datetime.date(2019, 8, 20)
    assert standard.latest_start_date == datetime.date(2021, 12, 10)
    assert standard.approved_for_delivery == datetime.date(2019, 8, 20)


def test_duty_14_of_st0648_maps_exactly_the_published_ksbs():
    standard = imported("standards_495.json")

    assert duty_codes(standard, 14) == ["K13", "K14", "K15", "K16", "S16", "S17", "S18", "B3"]
    assert duty_codes(standard, 1) == ["K1", "K4", "K7", "K8", "K10", "K13", "S15", "S20", "B1", "B2", "B7"]


def test_st0648_quirks_are_kept_as_published():
    standard = imported("standards_495.json")
    ksbs = {ksb.code: ksb for ksb in standard.ksbs.all()}

    assert ksbs["K6"].text == ksbs["K9"].text
    assert ksbs["K6"].guid != ksbs["K9"].guid
    assert ksbs["S15"].text != ksbs["S18"].text
    assert not ksbs["S1"].duties.exists()
    assert [code for code, ksb in ksbs.items() if not ksb.duties.exists()] == ["S1"]


def test_mappings_follow_guids_not_positions():
    document = load("standards_495.json")
    document["knowledges"].reverse()  # K16 becomes K1 … K13 becomes K4
    for duty in document["duties"]:
        duty["mappedSkills"].reverse()

    standard = imported("reordered.json", document)

    assert duty_codes(standard, 14) == ["K1", "K2", "K3", "K4", "S16", "S17", "S18", "B3"]
    assert standard.ksbs.get(kind="K", number=1).guid == document["knowledges"][0]["knowledgeId"]


def test_raw_detail_is_kept_beside_the_plain_text():
    standard = imported("standards_156.json")
    ksb = standard.ksbs.get(source_text__contains="&amp;")

    assert "&amp;" not in ksb.text
    assert "wounds & bleeding" in ksb.text


def test_other_source_fields_are_kept_for_export():
    standard = imported("standards_495.json")

    assert standard.source_extra["occupationalSummary"].startswith("&lt;p&gt;This occupation")
    assert standard.source_extra["approvedForDelivery"] == "2019-08-20T00:00:00 +00:00"
    assert (
        standard.source_extra["qualifications"][0]["title"]
        == "Professional Qualification in Probation (PQiP)"
    )
    assert "knowledges" not in standard.source_extra and "duties" not in standard.source_extra


def test_core_and_options_standard_has_its_options_and_option_duties():
    standard = imported("standards_177.json")

    assert standard.core_and_options is True
    assert list(standard.options.values_list("title", flat=True)) == [
        "Craft baker",
        "Plant baker",
        "Retail baker",
    ]
    duty_options = {
        duty.number: [option.title for option in duty.options.all()] for duty in standard.duties.all()
    }
    assert {number: titles for number, titles in duty_options.items() if titles} == {
        **{number: ["Craft baker"] for number in range(6, 10)},
        **{number: ["Plant baker"] for number in range(10, 14)},
        **{number: ["Retail baker"] for number in range(14, 18)},
    }
    assert sorted(standard.duties.filter(is_core=True).values_list("number", flat=True)) == [1, 2, 3, 4, 5]


def test_older_template_without_duties_imports_its_ksbs_only():
    standard = imported("standards_15.json")

    assert (standard.reference_number, standard.duties.count()) == ("ST0250", 0)
    assert [standard.ksbs.filter(kind=kind).count() for kind in "KSB"] == [4, 7, 6]
    assert standard.mapping_published is False


def test_withdrawn_standard_with_no_ksbs_and_no_version_number_imports():
    standard = imported("standards_0.json")

    assert (standard.reference_number, standard.version, standard.ksbs.count()) == ("ST0870", "0.0", 0)


def test_version_falls_back_to_version_number():
    document = load("standards_496.json")
    del document["version"]

    assert imported("standards_496.json", document).version == "1.0"


def test_unresolved_guids_are_kept_and_reported_without_failing_the_file():
    outcome = import_standard_document(document=load("standards_643.json"), source="standards_643.json")

    assert (outcome.status, outcome.needed_care) == ("imported", True)
    assert len(outcome.messages) == 32
    assert outcome.messages[0] == (
        "standards_643.json: duty 1 (guid 4407a7db-bdec-4ffa-8b03-b6a09382072a) maps to knowledge GUID "
        "9ed06f80-3aa5-4a48-ae33-6210f3ea04cb which matches no KSB of ST0863 v1.0"
    )
    duties = outcome.standard.duties.all()
    assert len(duties) == 16
    assert all(
        duty.unresolved_guids
        == ["9ed06f80-3aa5-4a48-ae33-6210f3ea04cb", "ccf4c237-77e0-47e4-9b1e-e9b7018e4a23"]
        for duty in duties
    )
    assert all(duty.ksbs.exists() for duty in duties)


def test_unresolved_option_guids_are_reported():
    outcome = import_standard_document(document=load("standards_417.json"), source="standards_417.json")

    assert (outcome.status, outcome.needed_care, len(outcome.messages)) == ("imported", True, 7)
    assert (
        "maps to option GUID d83c49c1-4546-4541-9160-af11cbafeaf6 which matches no option of ST0515 v1.0"
        in outcome.messages[0]
    )
    # Duty.unresolved_guids holds KSB GUIDs only; the option GUID is kept for the export.
    duty = outcome.standard.duties.get(number=13)
    assert duty.unresolved_guids == []
    assert duty.source_extra == {"unresolved": {"mappedOptions": ["d83c49c1-4546-4541-9160-af11cbafeaf6"]}}


def test_importing_the_same_content_again_changes_nothing():
    first = imported("standards_495.json")
    ksb_ids = set(first.ksbs.values_list("pk", flat=True))

    again = import_standard_document(document=load("standards_495.json"), source="copy.json")

    assert (again.status, again.messages, again.standard.pk) == ("unchanged", [], first.pk)
    assert set(again.standard.ksbs.values_list("pk", flat=True)) == ksb_ids
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["standard.imported"]
    assert StandardVersion.objects.get().source == "standards_495.json"


def test_a_new_version_is_stored_beside_the_old_one():
    imported("standards_496.json")
    document = load("standards_496.json")
    document["version"] = document["versionNumber"] = "1.1"
    document["knowledges"] = document["knowledges"][:5]

    imported("v1.1.json", document)

    versions = StandardVersion.objects.filter(reference_number="ST0494").order_by("version")
    assert [(v.version, v.ksbs.filter(kind="K").count()) for v in versions] == [("1.0", 11), ("1.1", 5)]


def test_changed_content_replaces_the_stored_version_wholesale():
    old = imported("standards_495.json")
    document = load("standards_495.json")
    document["skills"][0]["detail"] = "Integrate academic knowledge into multi-agency work."
    del document["duties"][-1]

    outcome = import_standard_document(document=document, source="standards_495-v2.json")

    assert outcome.status == "imported"
    assert outcome.messages == [
        "standards_495-v2.json: ST0648 v1.0 was already stored with different content; it was updated"
    ]
    standard = StandardVersion.objects.get()
    assert standard.pk == old.pk
    assert (
        standard.ksbs.get(kind="S", number=1).text == "Integrate academic knowledge into multi-agency work."
    )
    assert (standard.ksbs.count(), standard.duties.count()) == (43, 13)
    event = AuditEvent.objects.get(action="standard.updated")
    assert (event.before["duties"], event.after["duties"]) == (14, 13)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("missing-reference-number.json", "missing-reference-number.json: referenceNumber is missing"),
        (
            "duplicate-ksb-guids.json",
            "duplicate-ksb-guids.json: skill 1 (S1) has the GUID 0a000000-0000-4000-8000-000000000001, "
            "already used by knowledge 1 (K1)",
        ),
        (
            "ksb-without-detail.json",
            "ksb-without-detail.json: skill 2 (S2) (guid 0b000000-0000-4000-8000-000000000002) has no detail",
        ),
        (
            "version-as-number.json",
            'version-as-number.json: version must be text such as "1.0", not the number 1.1',
        ),
        ("bad-date.json", "bad-date.json: earliestStartDate: '20/08/2024' is not a date"),
        ("not-an-object.json", "not-an-object.json: the file holds a JSON list, not an object"),
    ],
)
def test_invalid_documents_fail_with_a_precise_reason_and_leave_nothing(name, reason):
    outcome = import_standard_document(document=json.loads((BROKEN / name).read_text()), source=name)

    assert (outcome.status, outcome.standard, outcome.messages) == ("failed", None, [reason])
    assert nothing_stored()


def test_every_problem_in_a_document_is_reported():
    document = load("standards_496.json")
    document["title"] = ""
    document["level"] = "three"
    document["duties"][2]["mappedSkills"] = "all of them"

    outcome = import_standard_document(document=document, source="many.json")

    assert outcome.messages == [
        "many.json: title is empty",
        "many.json: level must be a whole number from 0 to 32767, not 'three'",
        "many.json: duty 3 (guid f92e7fc5-5980-4405-bcc1-d10d4242bdec) mappedSkills must be a list, not text",
    ]


def test_a_database_failure_midway_leaves_nothing_behind(monkeypatch):
    def fail_after_ksbs(*, standard, parsed):
        KSB.objects.create(standard_version=standard, kind="K", number=1, text="half")
        raise IntegrityError("simulated failure")

    monkeypatch.setattr(importer, "_create_rows", fail_after_ksbs)

    outcome = import_standard_document(document=load("standards_495.json"), source="standards_495.json")

    assert outcome.status == "failed"
    assert outcome.messages == [
        "standards_495.json: ST0648 v1.0 could not be stored, nothing was changed: simulated failure"
    ]
    assert nothing_stored()


def test_a_failed_update_keeps_the_stored_version_as_it_was(monkeypatch):
    imported("standards_495.json")
    document = load("standards_495.json")
    document["title"] = "Probation officer (revised)"

    def fail(**kwargs):
        raise IntegrityError("simulated failure")

    monkeypatch.setattr(importer, "_create_rows", fail)

    assert import_standard_document(document=document, source="revised.json").status == "failed"

    standard = StandardVersion.objects.get()
    assert (standard.title, standard.ksbs.count(), standard.duties.count()) == ("Probation officer", 43, 14)
    assert duty_codes(standard, 14) == ["K13", "K14", "K15", "K16", "S16", "S17", "S18", "B3"]


def test_paths_accept_files_and_folders_and_report_each_file():
    outcomes = import_standard_paths(paths=[REAL / "standards_495.json", BROKEN])

    assert [outcome.source for outcome in outcomes] == [
        "standards_495.json",
        *sorted(path.name for path in BROKEN.glob("*.json")),
    ]
    assert [outcome.status for outcome in outcomes] == ["imported"] + ["failed"] * 7
    assert StandardVersion.objects.get().reference_number == "ST0648"
    bad_json = next(outcome for outcome in outcomes if outcome.source == "bad-json.json")
    assert bad_json.messages[0].startswith("bad-json.json: not valid JSON (")


def test_a_missing_path_imports_nothing():
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        import_standard_paths(paths=[REAL / "standards_495.json", REAL / "no-such-folder"])

    assert nothing_stored()


def test_one_audit_event_per_imported_version():
    import_standard_paths(paths=[REAL])
    import_standard_paths(paths=[REAL])

    assert AuditEvent.objects.filter(action="standard.imported").count() == 8
    assert AuditEvent.objects.count() == 8


def test_parse_step_is_pure_and_gives_codes_by_position():
    parsed = importer.parse_standard_document(
        document=copy.deepcopy(load("standards_495.json")), source="x.json"
    )

    assert [ksb.code for ksb in parsed.ksbs][:3] == ["K1", "K2", "K3"]
    assert parsed.duties[13].number == 14
    assert nothing_stored()
