import pytest

from ksbtracker.audit.models import AuditEvent
from ksbtracker.standards.builtin import load_builtin_standards
from ksbtracker.standards.models import StandardVersion

pytestmark = pytest.mark.django_db


def ksb_counts(standard: StandardVersion) -> list[int]:
    return [standard.ksbs.filter(kind=kind).count() for kind in "KSB"]


def test_builtin_probation_standards_are_loaded_side_by_side():
    outcomes = load_builtin_standards()

    assert [(o.source, o.status) for o in outcomes] == [
        ("standards_495.json", "imported"),
        ("standards_496.json", "imported"),
        ("st0494-v1.1.json", "imported"),
    ]
    officer = StandardVersion.objects.get(reference_number="ST0648", version="1.0")
    assert (officer.title, ksb_counts(officer), officer.duties.count()) == (
        "Probation officer",
        [16, 20, 7],
        14,
    )
    retired, current = StandardVersion.objects.filter(reference_number="ST0494").order_by("version")
    assert (retired.version, ksb_counts(retired), retired.duties.count()) == ("1.0", [11, 16, 7], 10)
    assert (current.version, ksb_counts(current), current.duties.count()) == ("1.1", [20, 19, 5], 10)


def test_st0494_v1_1_is_marked_as_having_no_published_mapping():
    load_builtin_standards()

    current = StandardVersion.objects.get(reference_number="ST0494", version="1.1")
    assert current.mapping_published is False
    assert not current.duties.filter(ksbs__isnull=False).exists()
    assert StandardVersion.objects.get(reference_number="ST0494", version="1.0").mapping_published is True
    assert StandardVersion.objects.get(reference_number="ST0648").mapping_published is True


def test_v1_1_facts_match_the_published_standard():
    load_builtin_standards()

    current = StandardVersion.objects.get(reference_number="ST0494", version="1.1")
    assert (current.typical_duration_months, current.max_funding, current.lars_code, current.level) == (
        18,
        5000,
        496,
        3,
    )


def test_loading_again_changes_nothing():
    load_builtin_standards()
    ids = sorted(StandardVersion.objects.values_list("pk", "ksbs__pk"))
    events = AuditEvent.objects.count()

    outcomes = load_builtin_standards()

    assert [o.status for o in outcomes] == ["unchanged"] * 3
    assert sorted(StandardVersion.objects.values_list("pk", "ksbs__pk")) == ids
    assert AuditEvent.objects.count() == events == 3
    assert StandardVersion.objects.get(reference_number="ST0494", version="1.1").mapping_published is False
