import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ksbtracker.standards.exporter import export_standard_document
from ksbtracker.standards.importer import import_standard_document
from ksbtracker.standards.models import StandardVersion
from tests.factories import standard_with_ksbs

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "standards-api"
FIXTURE_NAMES = sorted(path.name for path in REAL.glob("*.json"))
MAPPING_FIELDS = ("mappedKnowledge", "mappedSkills", "mappedBehaviour", "mappedOptions")

pytestmark = pytest.mark.django_db


def load(name: str) -> dict:
    return json.loads((REAL / name).read_text())


def import_document(document: dict, source: str) -> StandardVersion:
    outcome = import_standard_document(document=document, source=source)
    assert outcome.status == "imported", outcome.messages
    return outcome.standard


def unordered_mappings(document: dict) -> dict:
    """The document with each duty's mapping lists sorted: the API publishes them in no particular order."""
    document = json.loads(json.dumps(document))
    for duty in document["duties"]:
        for field in MAPPING_FIELDS:
            if duty[field] is not None:
                duty[field] = sorted(duty[field])
    return document


def stored_content(standard: StandardVersion) -> dict:
    """What a user sees of a stored version: KSBs by code, duties with their mappings by code."""
    return {
        "ksbs": [(k.code, k.guid, k.text, k.source_text) for k in standard.ksbs.order_by("kind", "number")],
        "duties": [
            (
                duty.number,
                duty.guid,
                duty.text,
                duty.is_core,
                duty.criteria_for_measuring_performance,
                sorted(ksb.code for ksb in duty.ksbs.all()),
                [option.title for option in duty.options.all()],
                duty.unresolved_guids,
            )
            for duty in standard.duties.order_by("number")
        ],
        "options": list(standard.options.values_list("position", "guid", "title")),
    }


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_export_gives_back_the_published_json(name):
    source = load(name)

    exported = export_standard_document(import_document(source, name))

    assert list(exported) == list(source)
    assert unordered_mappings(exported) == unordered_mappings(source)


@pytest.mark.parametrize(
    "name", ["standards_495.json", "standards_177.json", "standards_643.json", "standards_417.json"]
)
def test_round_trip_into_an_empty_database_gives_the_same_standard(name):
    standard = import_document(load(name), name)
    before = stored_content(standard)
    exported = json.loads(json.dumps(export_standard_document(standard)))
    StandardVersion.objects.all().delete()

    again = import_document(exported, f"exported-{name}")

    assert stored_content(again) == before


def test_st0648_duty_14_exports_the_guids_of_its_ksbs():
    exported = export_standard_document(import_document(load("standards_495.json"), "standards_495.json"))
    guid_codes = {}
    for field, guid_field, prefix in (
        ("knowledges", "knowledgeId", "K"),
        ("skills", "skillId", "S"),
        ("behaviours", "behaviourId", "B"),
    ):
        guid_codes.update(
            {entry[guid_field]: f"{prefix}{n}" for n, entry in enumerate(exported[field], start=1)}
        )

    duty = exported["duties"][13]

    mapped = [guid_codes[guid] for field in MAPPING_FIELDS[:3] for guid in duty[field]]
    assert mapped == ["K13", "K14", "K15", "K16", "S16", "S17", "S18", "B3"]
    assert (duty["isThisACoreDuty"], duty["mappedOptions"]) == (1, None)


def test_unresolved_guids_go_back_under_the_field_they_came_from():
    exported = export_standard_document(import_document(load("standards_417.json"), "standards_417.json"))

    assert "d83c49c1-4546-4541-9160-af11cbafeaf6" in exported["duties"][12]["mappedOptions"]


def test_a_version_made_here_exports_in_the_api_shape():
    standard = standard_with_ksbs(knowledge=2, skills=1, behaviours=1, reference_number="ST9999")

    exported = export_standard_document(standard)

    assert (exported["referenceNumber"], exported["version"], exported["level"]) == ("ST9999", "1.0", 3)
    assert [entry["detail"] for entry in exported["knowledges"]] == ["K1 text", "K2 text"]
    assert [entry["detail"] for entry in exported["skills"]] == ["S1 text"]
    assert len(exported["duties"][0]["mappedKnowledge"]) == 2
    assert exported["duties"][0]["mappedOptions"] == []
    assert exported["earliestStartDate"] is None


def test_export_command_writes_the_json_with_indentation():
    standard = import_document(load("standards_496.json"), "standards_496.json")
    stdout = io.StringIO()

    call_command("export_standard", "ST0494", "1.0", stdout=stdout)

    assert json.loads(stdout.getvalue()) == export_standard_document(standard)
    assert stdout.getvalue().startswith('{\n  "templateType": "Structured Apprenticeship Standard",\n')


def test_export_command_names_the_stored_versions_of_an_unknown_version():
    import_document(load("standards_496.json"), "standards_496.json")

    with pytest.raises(
        CommandError, match=r"There is no standard ST0494 version 9\.9\. Stored versions of ST0494: 1\.0\."
    ):
        call_command("export_standard", "ST0494", "9.9")

    with pytest.raises(
        CommandError, match="There is no standard ST0000 version 1.0. No version of ST0000 is stored."
    ):
        call_command("export_standard", "ST0000", "1.0")
