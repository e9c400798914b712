"""Write a stored standard version back out in the apprenticeship standards API JSON shape."""

from __future__ import annotations

from .models import KSB, Duty, StandardVersion
from .published_format import (
    DATE_FIELDS,
    KSB_LISTS,
    MAPPED_LISTS,
    NUMBER_FIELDS,
    OPTIONS_LIST,
    TEXT_FIELDS,
    parse_api_date,
)

__all__ = ["export_standard_document"]

# The order in which the API publishes its fields; fields it does not have go last, as stored.
_API_FIELD_ORDER = [
    "templateType",
    "larsCode",
    "referenceNumber",
    "title",
    "status",
    "url",
    "versionNumber",
    "change",
    "changedDate",
    "earliestStartDate",
    "latestStartDate",
    "latestEndDate",
    "overviewOfRole",
    "level",
    "typicalDuration",
    "maxFunding",
    "route",
    "keywords",
    "jobRoles",
    "entryRequirements",
    "assessmentPlanUrl",
    "ssa1",
    "ssa2",
    "version",
    "standardInformation",
    "occupationalSummary",
    "knowledges",
    "behaviours",
    "skills",
    "options",
    "optionsUnstructuredTemplate",
    "proposalApproved",
    "standardApproved",
    "epaApprovalDate",
    "fundingApprovalDate",
    "eQAProvider",
    "approvedForDelivery",
    "integratedApprenticeship",
    "integratedDegree",
    "tbReference",
    "tbMainContact",
    "involvedEmployers",
    "regulated",
    "regulatedBody",
    "coreAndOptions",
    "typicalJobTitles",
    "greenJobTitles",
    "englishAndMathsQualifications",
    "reviewDetails",
    "pathway",
    "cluster",
    "createdDate",
    "lastUpdated",
    "occupationalStandardUrl",
    "standardPageUrl",
    "qualifications",
    "professionalRecognition",
    "duties",
    "regulationDetail",
    "optionsUnstructuredKsbMapping",
    "careerStarter",
]


def export_standard_document(standard_version: StandardVersion) -> dict:
    """The standard version as one standards API JSON object, built from the stored rows.

    KSBs come in code order with their GUIDs and published detail; duties with their mappings (GUIDs of
    mapped KSBs in code order, then any GUIDs that matched nothing, under the field they came from);
    every source field the rows do not hold comes back from ``source_extra`` as published.
    """
    standard = standard_version
    fields = dict(standard.source_extra)
    fields.update({key: getattr(standard, column) for key, column in TEXT_FIELDS.items()})
    fields.update({key: getattr(standard, column) for key, column in NUMBER_FIELDS.items()})
    fields.update({key: _date_field(standard, key, column) for key, column in DATE_FIELDS.items()})
    fields["version"] = standard.version
    fields["coreAndOptions"] = standard.core_and_options
    ksbs = list(standard.ksbs.order_by("number"))
    for list_field, guid_field, kind, _noun in KSB_LISTS:
        fields[list_field] = [
            {guid_field: ksb.guid, "detail": ksb.source_text or ksb.text} for ksb in ksbs if ksb.kind == kind
        ]
    fields["options"] = [
        {"optionId": option.guid, "title": option.title} for option in standard.options.order_by("position")
    ]
    duties = standard.duties.order_by("number").prefetch_related("ksbs", "options")
    fields["duties"] = [_duty(duty) for duty in duties]
    ordered = {key: fields.pop(key) for key in _API_FIELD_ORDER if key in fields}
    return ordered | fields


def _date_field(standard: StandardVersion, key: str, column: str) -> str | None:
    """The published text when it still says the stored date (keeping its format), else the stored date."""
    value = getattr(standard, column)
    published = standard.source_extra.get(key)
    try:
        if parse_api_date(published) == value:
            return published
    except ValueError:
        pass
    return None if value is None else f"{value.isoformat()}T00:00:00"


def _duty(duty: Duty) -> dict:
    null_lists = duty.source_extra.get("null_lists", [])
    unresolved = duty.source_extra.get("unresolved", {})
    ksbs: list[KSB] = sorted(duty.ksbs.all(), key=lambda ksb: (ksb.kind_order, ksb.number))
    mappings = {
        list_field: [ksb.guid for ksb in ksbs if ksb.kind == kind] for list_field, kind, _noun in MAPPED_LISTS
    }
    mappings[OPTIONS_LIST] = [option.guid for option in sorted(duty.options.all(), key=lambda o: o.position)]
    for list_field, guids in mappings.items():
        guids.extend(unresolved.get(list_field, []))
        if not guids and list_field in null_lists:
            mappings[list_field] = None
    return {
        "dutyID": duty.guid,
        "dutyDetail": duty.source_text or duty.text,
        "isThisACoreDuty": 1 if duty.is_core else 0,
        "mappedBehaviour": mappings["mappedBehaviour"],
        "mappedKnowledge": mappings["mappedKnowledge"],
        "mappedOptions": mappings[OPTIONS_LIST],
        "mappedSkills": mappings["mappedSkills"],
        "criteriaForMeasuringPerformance": duty.criteria_for_measuring_performance,
    }
