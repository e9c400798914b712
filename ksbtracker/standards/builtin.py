"""The standards the product ships with: the probation standards, loaded from ``data/``."""

from __future__ import annotations

from pathlib import Path

from ksbtracker.audit.api import record_change

from .importer import ImportOutcome, import_standard_paths
from .models import StandardVersion

__all__ = ["BUILTIN_STANDARD_FILES", "load_builtin_standards"]

DATA_FOLDER = Path(__file__).resolve().parent / "data"
BUILTIN_STANDARD_FILES = (
    "standards_495.json",  # ST0648 Probation officer v1.0 (published by the standards API)
    "standards_496.json",  # ST0494 Probation service practitioner v1.0 (published by the standards API)
    "st0494-v1.1.json",  # ST0494 v1.1, written from the published standard in the same shape
)
# Versions whose source publishes no duty-to-KSB mapping: their empty mappings are not a finding.
_UNMAPPED_VERSIONS = (("ST0494", "1.1"),)


def load_builtin_standards(*, actor=None) -> list[ImportOutcome]:
    """Import the built-in standards; running it again changes nothing and reports "unchanged"."""
    outcomes = import_standard_paths(
        paths=[DATA_FOLDER / name for name in BUILTIN_STANDARD_FILES], actor=actor
    )
    for reference_number, version in _UNMAPPED_VERSIONS:
        standard = StandardVersion.objects.filter(
            reference_number=reference_number, version=version, mapping_published=True
        ).first()
        if standard is not None:
            standard.mapping_published = False
            standard.save(update_fields=["mapping_published"])
            record_change(
                actor=actor,
                action="standard.updated",
                instance=standard,
                before={"mapping_published": True},
                after={"mapping_published": False},
            )
    return outcomes
