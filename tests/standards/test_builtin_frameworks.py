"""The built-in frameworks and the ST0494 v1.1 data file, checked against the source documents."""

import copy
import json
import re
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from ksbtracker.audit.api import events_for_object
from ksbtracker.standards import frameworks
from ksbtracker.standards.frameworks import DATA_DIR, load_builtin_frameworks, load_framework_document
from ksbtracker.standards.models import Criterion, Framework, FrameworkKind

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
COMPETENT_WORKFORCE = SEEDS / "000_bcbbba71b09a1bf7.txt"
ST0494_STANDARD = SEEDS / "002_7585799549f0cf10.txt"
PRACTICE_FRAMEWORK = SEEDS / "003_516dafbe5475f598.txt"

SEED_FOR_FRAMEWORK = {
    "noms-core-competences": COMPETENT_WORKFORCE,
    "nos-probation-2013": COMPETENT_WORKFORCE,
    "practice-framework-2015": PRACTICE_FRAMEWORK,
}


def plain(text: str) -> str:
    """Text without HTML tags, markdown links or emphasis, list bullets, and with whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "")
    text = re.sub(r"\*([^*\n]+)\*", r"\1", text)
    text = re.sub(r"[•➤❖]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def seed_text(path: Path) -> str:
    return plain(path.read_text(encoding="utf-8"))


def load_document(filename: str) -> dict:
    return json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))


def criterion(slug: str, code: str) -> Criterion:
    return Criterion.objects.get(framework__slug=slug, code=code)


def assessable_codes_under(slug: str, code: str) -> list[str]:
    return list(
        Criterion.objects.filter(framework__slug=slug, parent__code=code, assessable=True).values_list(
            "code", flat=True
        )
    )


@pytest.fixture
def builtin(db):
    return load_builtin_frameworks()


# --- loading -------------------------------------------------------------------------------------


def test_first_load_imports_the_three_frameworks(builtin):
    assert [(framework.slug, status) for framework, status in builtin] == [
        ("noms-core-competences", "imported"),
        ("nos-probation-2013", "imported"),
        ("practice-framework-2015", "imported"),
    ]
    kinds = dict(Framework.objects.values_list("slug", "kind"))
    assert kinds == {
        "noms-core-competences": FrameworkKind.COMPETENCES,
        "nos-probation-2013": FrameworkKind.OCCUPATIONAL_STANDARDS,
        "practice-framework-2015": FrameworkKind.PRACTICE_STANDARDS,
    }


def test_positions_follow_document_order_and_depth_follows_nesting(builtin):
    for framework, _ in builtin:
        rows = list(framework.criteria.order_by("position").select_related("parent"))
        assert [row.position for row in rows] == list(range(1, len(rows) + 1))
        for row in rows:
            if row.parent is None:
                assert row.depth == 0
            else:
                assert row.depth == row.parent.depth + 1
                assert row.parent.position < row.position
                assert not row.parent.assessable


def test_loading_twice_changes_nothing(builtin):
    ids_before = list(Criterion.objects.order_by("id").values_list("id", "code", "text"))
    events_before = [
        events_for_object(object_type="standards.framework", object_id=framework.pk).count()
        for framework, _ in builtin
    ]

    again = load_builtin_frameworks()

    assert [status for _, status in again] == ["unchanged"] * 3
    assert [framework.pk for framework, _ in again] == [framework.pk for framework, _ in builtin]
    assert list(Criterion.objects.order_by("id").values_list("id", "code", "text")) == ids_before
    assert (
        [
            events_for_object(object_type="standards.framework", object_id=framework.pk).count()
            for framework, _ in again
        ]
        == events_before
        == [1, 1, 1]
    )


@pytest.mark.django_db
def test_a_changed_document_replaces_the_criteria_and_is_audited():
    document = load_document("noms-core-competences.json")
    framework, status = load_framework_document(document=document, source="test")
    assert status == "imported"

    changed = copy.deepcopy(document)
    changed["criteria"][2]["children"][0]["text"] = "Explain effective communication techniques."
    changed["criteria"].pop()  # 3.6 withdrawn
    updated, status = load_framework_document(document=changed, source="test")

    assert status == "updated"
    assert updated.pk == framework.pk
    assert criterion("noms-core-competences", "3.3 a").text == "Explain effective communication techniques."
    assert not Criterion.objects.filter(framework=updated, code__startswith="3.6").exists()
    assert updated.criteria.filter(assessable=True).count() == 39 - 6
    events = list(events_for_object(object_type="standards.framework", object_id=updated.pk))
    assert [event.action for event in events] == ["framework.updated", "framework.imported"]
    assert events[0].before["assessable_criteria"] == 39
    assert events[0].after["assessable_criteria"] == 33

    _, status = load_framework_document(document=changed, source="test")
    assert status == "unchanged"


@pytest.mark.django_db
def test_a_failed_update_leaves_the_framework_as_it_was(monkeypatch):
    document = load_document("nos-probation-summary.json")
    framework, _ = load_framework_document(document=document, source="test")
    before = list(framework.criteria.values_list("id", "code", "text"))

    def fail(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(frameworks, "record_change", fail)
    changed = copy.deepcopy(document)
    changed["criteria"][0]["children"][0]["text"] = "Something else"
    with pytest.raises(RuntimeError):
        load_framework_document(document=changed, source="test")

    framework.refresh_from_db()
    assert list(framework.criteria.values_list("id", "code", "text")) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda doc: doc["framework"].update(kind="guidance"), "kind"),
        (lambda doc: doc["framework"].pop("slug"), "slug"),
        (lambda doc: doc["criteria"][1]["children"][1].update(code="3.2 a"), "more than once"),
        (lambda doc: doc["criteria"][1]["children"][1].update(text=""), "no text"),
        (lambda doc: doc["criteria"][1]["children"][1].update(assessable="yes"), "true or false"),
        (lambda doc: doc.update(criteria=[]), "criteria"),
    ],
)
def test_an_invalid_document_is_refused_and_nothing_is_saved(change, message):
    document = load_document("noms-core-competences.json")
    change(document)
    with pytest.raises(ValidationError, match=message):
        load_framework_document(document=document, source="test")
    assert not Framework.objects.exists()
    assert not Criterion.objects.exists()


# --- every statement comes from its source -------------------------------------------------------


@pytest.mark.parametrize("filename", frameworks.BUILTIN_FRAMEWORK_FILES)
def test_every_assessable_statement_appears_in_its_source(filename):
    document = load_document(filename)
    source = seed_text(SEED_FOR_FRAMEWORK[document["framework"]["slug"]])

    def walk(items):
        for item in items:
            yield item
            yield from walk(item["children"])

    statements = [item for item in walk(document["criteria"]) if item["assessable"]]
    assert statements
    for item in statements:
        assert plain(item["text"]) in source, item["code"]
        if item["mandatory_minimum_requirement"]:
            assert plain(item["mandatory_minimum_requirement"]) in source, item["code"]
    for item in walk(document["criteria"]):
        assert "<" not in item["text"] + item["mandatory_minimum_requirement"], item["code"]
        assert "](" not in item["text"] + item["mandatory_minimum_requirement"], item["code"]


# --- NOMS core competences -------------------------------------------------------------------------


def test_noms_core_competences_have_every_item_of_section_3(builtin):
    slug = "noms-core-competences"
    groups = Criterion.objects.filter(framework__slug=slug, depth=0)
    assert [(group.code, group.title) for group in groups] == [
        ("3.1", "Risk of Serious Harm"),
        ("3.2", "Diversity"),
        ("3.3", "Communication Skills"),
        ("3.4", "Tactical Skills"),
        ("3.5", "Engage Individuals to Change"),
        ("3.6", "Case Management and other Technical/Specialist roles"),
    ]
    letters = "abcdefghi"
    expected = {"3.1": 9, "3.1 HR": 9, "3.2": 3, "3.3": 5, "3.4": 2, "3.5": 5, "3.6": 6}
    for code, count in expected.items():
        assert assessable_codes_under(slug, code) == [f"{code} {letter}" for letter in letters[:count]]
    high_risk = criterion(slug, "3.1 HR")
    assert high_risk.parent.code == "3.1"
    assert not high_risk.assessable
    assert high_risk.text.startswith("Case managers of high risk of serious harm offenders")
    assert Criterion.objects.filter(framework__slug=slug, assessable=True).count() == 39


def test_noms_statements_are_exact(builtin):
    slug = "noms-core-competences"
    assert criterion(slug, "3.1 c").text == (
        "Identify the risk of serious harm indicators as they relate to an individual offender and their "
        "circumstances"
    )
    assert criterion(slug, "3.1 HR c").text == "Describe key risk factors for serious re offending"
    # 3.3 c to e come after the footnote references in the source.
    assert criterion(slug, "3.3 c").text == (
        "Engage and communicate appropriately and effectively with a range of stakeholders; verbally, "
        "non-verbally and in written form"
    )
    assert criterion(slug, "3.3 e").text == "Maintain security of information."
    assert criterion(slug, "3.6 f").text == (
        "Staff should be trained and competent to the appropriate level in accordance with their role."
    )
    assert criterion(slug, "3.4").text.endswith("will need to demonstrate that they can:")


# --- NOS summary (Annex A) ---------------------------------------------------------------------------


def test_nos_summary_keeps_skill_sets_work_settings_and_repeats(builtin):
    slug = "nos-probation-2013"
    skill_sets = Criterion.objects.filter(framework__slug=slug, depth=0)
    assert [(group.code, group.title, group.children.count()) for group in skill_sets] == [
        ("NOS 1", "Diversity", 1),
        ("NOS 2", "Risk", 3),
        ("NOS 3", "Tactical Skills", 3),
        ("NOS 4", "Communication, information", 2),
        ("NOS 5", "Engage Individuals to Change", 7),
        ("NOS 6", "Case Management and Technical Skills", 9),
    ]
    settings = Criterion.objects.filter(framework__slug=slug, parent__code="NOS 6")
    assert [(setting.title, setting.children.count()) for setting in settings] == [
        ("Case/Offender Management/Supervision", 5),
        ("Community Payback", 3),
        ("Approved Premises / Hostels", 4),
        ("Court Work", 2),
        ("Programmes", 3),
        ("Victims, Survivors & Witnesses", 6),
        ("Community Safety", 1),
        ("Prison work", 4),
        ("Restorative Justice", 3),
    ]
    assert all(not setting.assessable for setting in settings)
    assert Criterion.objects.filter(framework__slug=slug, assessable=True).count() == 47
    # Standards shared by several work settings are listed under each, never de-duplicated.
    repeated = Criterion.objects.filter(
        framework__slug=slug, text="Obtain information relating to individuals' offending behaviour"
    )
    assert [row.parent.title for row in repeated] == [
        "Case/Offender Management/Supervision",
        "Approved Premises / Hostels",
        "Prison work",
    ]
    assert (
        Criterion.objects.filter(
            framework__slug=slug, text="Assess individuals' needs and plan activities"
        ).count()
        == 4
    )
    assert criterion(slug, "NOS 6.7.1").text == (
        "Determine the concerns and priorities of communities in relation to safety, social inclusion and the "
        "prevention and reduction of crime and anti-social behaviour"
    )


# --- Practice Framework 2015 -------------------------------------------------------------------------


def practice_framework_contents() -> list[str]:
    """The section titles linked from the seed's contents list (Introduction and themes excepted)."""
    lines = PRACTICE_FRAMEWORK.read_text(encoding="utf-8").split("\n")
    start = lines.index("Contents")
    end = lines.index("Introduction", start)
    titles = [m.group(1) for line in lines[start:end] if (m := re.fullmatch(r"\[(.+)\]\(#\)", line.strip()))]
    return [title for title in titles if title not in ("Introduction", "Common practice themes")]


PRACTICE_FRAMEWORK_SECTIONS = [
    ("Record keeping", 2),
    ("Court service", 3),
    ("Allocation of probation provider", 3),
    ("Plan the sentence", 3),
    ("Implement the sentence", 5),
    ("Review", 2),
    ("Enforce", 2),
    ("Risk Management", 3),
    ("Victims", 1),
    ("Complete the sentence", 1),
    ("Approved Premises", 3),
    ("Community Order/Suspended Sentence Order Requirements", 1),
    ("Alcohol Treatment Requirement", 2),
    ("Attendance Centre Requirement", 2),
    ("Curfew Requirement/licence condition/Home Detention Curfew", 2),
    ("Drug Appointment licence/post sentence supervision condition", 1),
    ("Drug Rehabilitation Requirement of a community sentence", 2),
    ("Drug Testing licence/post sentence supervision condition", 1),
    ("Exclusion Requirement/licence condition", 1),
    ("Mental Health Treatment Requirement", 2),
    ("Programme Requirement/licence condition", 2),
    ("Prohibited Activity Requirement", 2),
    ("Rehabilitation Activity Requirement", 1),
    ("Residence Requirement", 2),
    ("Specified Activity Requirement", 1),
    ("Supervision Requirement", 2),
    ("Unpaid Work Requirement", 2),
]


def test_every_section_in_the_contents_has_its_standards(builtin):
    slug = "practice-framework-2015"
    assert [title for title, _ in PRACTICE_FRAMEWORK_SECTIONS] == practice_framework_contents()
    groups = Criterion.objects.filter(framework__slug=slug, depth=0)
    assert [(group.code, group.title, group.assessable) for group in groups] == [
        (f"PF {number}", title, False) for number, (title, _) in enumerate(PRACTICE_FRAMEWORK_SECTIONS, 1)
    ]
    for number, (_, count) in enumerate(PRACTICE_FRAMEWORK_SECTIONS, 1):
        code = f"PF {number}"
        assert assessable_codes_under(slug, code) == [f"{code}.{n}" for n in range(1, count + 1)]
    assert Criterion.objects.filter(framework__slug=slug, assessable=True).count() == 54


def test_there_is_one_standard_for_each_standard_heading_in_the_source(builtin):
    lines = PRACTICE_FRAMEWORK.read_text(encoding="utf-8").split("\n")
    headings = [line for line in lines if re.match(r"^(<p>)?Standard(</p>|\s*[–-]|$)", line.strip())]
    assert len(headings) == 54
    assert Criterion.objects.filter(
        framework__slug="practice-framework-2015", assessable=True
    ).count() == len(headings)


def test_practice_framework_statements_are_exact(builtin):
    slug = "practice-framework-2015"
    assert criterion(slug, "PF 1.1").text == "Contacts with or with reference to the offender are recorded"
    assert criterion(slug, "PF 5.1").text == (
        "For offenders subject to a community order or suspended sentence order, the first face-to-face "
        "appointment with the offender is arranged to occur within five-working days of allocation to the "
        "Responsible Officer"
    )
    assert criterion(slug, "PF 5.4").text == (
        "Engagement with community resources is facilitated as an integral part of implementing the Plan"
    )
    plan = criterion(slug, "PF 4.1").text.split("\n")
    assert plan[0] == "A plan includes:"
    assert len(plan) == 5
    assert plan[4].startswith("• the activity to be undertaken with the offender")
    assert criterion(slug, "PF 26.1").text == "The offender is prepared for the supervision requirement"
    assert "Offender Rehabilitation Act" in criterion(slug, "PF 26").text
    assert criterion(slug, "PF 27.2").text == "The offender undertakes the unpaid work requirement"


EXPECTED_MANDATORY_MINIMUM_REFERENCES = {
    "PF 1.2": [],  # the source's link text is missing: no instruction is named
    "PF 2.3": ["PI 05/2011", "(SL001)", "(SL022)"],
    "PF 3.1": ["PI 05/2014", "• Transferred in from the Youth Offending Team"],
    "PF 4.1": ["PI 13/2014 – Sentence Planning"],
    "PF 5.5": ["PI 07/2014"],
    "PF 6.1": ["A review must take place whenever there is a significant change"],
    "PF 7.1": ["PI 06/2014 and PI 24/2014"],
    "PF 7.2": ["27/2014"],
    "PF 8.2": ["PI 57/2014"],
    "PF 8.3": ["PI 57/2014 and PI 27/2014"],
    "PF 9.1": ["PI 48/2014"],
    "PF 11.1": ["PI 32/2014"],
    "PF 11.2": ["PI 32/2014"],
    "PF 16.1": ["PI 30/2014 and PI 29/2014"],
    "PF 18.1": ["PI 30/2014 and here PI 29/2014"],
    "PF 23.1": ["PI 58/2014 and PI 49/2014"],
    "PF 27.1": ["PI 12/2014"],
    "PF 27.2": ["PI 12/2014"],
}


def test_mandatory_minimum_requirements_are_where_the_source_has_them(builtin):
    source = PRACTICE_FRAMEWORK.read_text(encoding="utf-8")
    headings = re.findall(r"^(?:<p>)?Mandatory minimum(?: Requirements?)?(?:</p>|$)", source, re.M | re.I)
    assert len(headings) == len(EXPECTED_MANDATORY_MINIMUM_REFERENCES)

    with_requirement = Criterion.objects.filter(framework__slug="practice-framework-2015").exclude(
        mandatory_minimum_requirement=""
    )
    assert sorted(row.code for row in with_requirement) == sorted(EXPECTED_MANDATORY_MINIMUM_REFERENCES)
    for row in with_requirement:
        assert row.assessable
        for fragment in EXPECTED_MANDATORY_MINIMUM_REFERENCES[row.code]:
            assert fragment in row.mandatory_minimum_requirement, row.code
    assert not Criterion.objects.filter(
        framework__slug__in=["noms-core-competences", "nos-probation-2013"]
    ).exclude(mandatory_minimum_requirement="")


def test_practice_guidance_is_not_a_criterion(builtin):
    texts = " ".join(
        Criterion.objects.filter(framework__slug="practice-framework-2015").values_list("text", flat=True)
    )
    assert "Records distinguish between fact and opinion" not in texts
    assert "Rationale" not in texts
    assert "Supporting Material" not in texts


# --- ST0494 Probation service practitioner v1.1 ------------------------------------------------------

ST0494_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ksbtracker:standard:ST0494:1.1")


def seed_statements(prefix: str) -> list[str]:
    text = ST0494_STANDARD.read_text(encoding="utf-8")
    found = re.findall(rf"^{prefix}(\d+): (.+)$", text, re.M)
    assert [int(number) for number, _ in found] == list(range(1, len(found) + 1))
    return [detail for _, detail in found]


def seed_duties() -> list[str]:
    text = ST0494_STANDARD.read_text(encoding="utf-8")
    found = re.findall(r"^Duty D(\d+)\n\n(.+)$", text, re.M)
    assert [int(number) for number, _ in found] == list(range(1, len(found) + 1))
    return [detail for _, detail in found]


def test_st0494_v1_1_is_in_the_standards_api_shape():
    standard = load_document("st0494-v1.1.json")
    assert {
        key: standard[key]
        for key in (
            "referenceNumber",
            "version",
            "versionNumber",
            "title",
            "level",
            "larsCode",
            "typicalDuration",
            "maxFunding",
            "status",
            "route",
            "coreAndOptions",
            "options",
        )
    } == {
        "referenceNumber": "ST0494",
        "version": "1.1",
        "versionNumber": "1.1",
        "title": "Probation service practitioner",
        "level": 3,
        "larsCode": 496,
        "typicalDuration": 18,
        "maxFunding": 5000,
        "status": "Approved for delivery",
        "route": "Protective services",
        "coreAndOptions": False,
        "options": [],
    }
    assert "epaPeriodMonths" not in standard


def test_st0494_v1_1_ksbs_and_duties_match_the_seed():
    standard = load_document("st0494-v1.1.json")
    assert [k["detail"] for k in standard["knowledges"]] == seed_statements("K")
    assert [s["detail"] for s in standard["skills"]] == seed_statements("S")
    assert [b["detail"] for b in standard["behaviours"]] == seed_statements("B")
    assert [d["dutyDetail"] for d in standard["duties"]] == seed_duties()
    assert (len(standard["knowledges"]), len(standard["skills"]), len(standard["behaviours"])) == (20, 19, 5)
    assert len(standard["duties"]) == 10
    assert standard["skills"][16]["detail"].startswith(
        "Use recorded servicer user information"
    )  # as published


def test_st0494_v1_1_guids_are_stable_and_duties_carry_no_mapping():
    standard = load_document("st0494-v1.1.json")
    ids = {
        **{f"K{n}": k["knowledgeId"] for n, k in enumerate(standard["knowledges"], 1)},
        **{f"S{n}": s["skillId"] for n, s in enumerate(standard["skills"], 1)},
        **{f"B{n}": b["behaviourId"] for n, b in enumerate(standard["behaviours"], 1)},
        **{f"D{n}": d["dutyID"] for n, d in enumerate(standard["duties"], 1)},
    }
    assert ids == {code: str(uuid.uuid5(ST0494_GUID_NAMESPACE, code)) for code in ids}
    assert len(set(ids.values())) == 20 + 19 + 5 + 10
    for duty in standard["duties"]:
        assert duty["isThisACoreDuty"] == 1
        assert duty["mappedKnowledge"] == duty["mappedSkills"] == duty["mappedBehaviour"] == []
        assert duty["mappedOptions"] is None
