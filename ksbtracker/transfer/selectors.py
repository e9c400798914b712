"""Reading a transferred record: who may see it, its signatures checked, and what it offers as prior learning."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.http import Http404

from ksbtracker.audit.api import fingerprint
from ksbtracker.people.access import enrolments_visible_to

from .models import TransferredRecord

__all__ = ["record_for_user", "signed_records", "signed_off_with_evidence", "OfferedKSB"]


def record_for_user(user, record_id) -> TransferredRecord:
    """The record if ``user`` may see the enrolment it came with; otherwise Http404."""
    try:
        return TransferredRecord.objects.select_related("enrolment__learner", "enrolment__provider").get(
            pk=int(record_id), enrolment__in=enrolments_visible_to(user)
        )
    except (TransferredRecord.DoesNotExist, ValueError, TypeError):
        raise Http404("No transferred record found.") from None


def _signed_content_hash(signature: dict) -> str | None:
    try:
        return json.loads(signature["signed_record"])["content"]
    except (ValueError, KeyError, TypeError):
        return None


def signed_records(record: TransferredRecord) -> list[dict]:
    """Scans, plans and reviews with each signature marked verified when the sender verified it against its
    key at export (and signed the file saying so) and the content received is exactly what was signed."""
    result = []
    for part in ("scans", "plans", "reviews"):
        for signed in record.parts.get(part, []):
            content_hash = fingerprint(signed["content"])
            signatures = []
            for signature in signed["signatures"]:
                matches = signature["content_hash"] == content_hash == _signed_content_hash(signature)
                problems = list(signature["problems"]) + (
                    [] if matches else ["the content received differs from what was signed"]
                )
                signatures.append(
                    {
                        **signature,
                        "verified": signature["verified_at_export"] and matches,
                        "problems": problems,
                    }
                )
            result.append({"label": signed["label"], "status": signed["status"], "signatures": signatures})
    return result


@dataclass(frozen=True)
class OfferedKSB:
    code: str
    evidence: list[dict]  # {"id", "title"} of accepted items mapped to the KSB


def signed_off_with_evidence(record: TransferredRecord) -> list[OfferedKSB]:
    """KSBs signed off at the sending provider, each with the evidence items mapped to it."""
    statuses = record.parts.get("figures", {}).get("ksb_status", {})
    items = record.parts.get("evidence", [])
    return [
        OfferedKSB(code, [{"id": i["id"], "title": i["title"]} for i in items if code in i["ksbs"]])
        for code, status in statuses.items()
        if status == "Signed off"
    ]
