"""Offering what was signed off at the sending provider to the receiving provider's skills scan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ksbtracker.audit.api import record_change
from ksbtracker.scans.models import PriorLearning, ScanKind, ScanStatus
from ksbtracker.scans.services import start_scan

from .models import TransferredRecord
from .selectors import signed_off_with_evidence

__all__ = ["offer_prior_learning"]


@transaction.atomic
def offer_prior_learning(*, record: TransferredRecord, actor, record_url: str) -> int:
    """Put each KSB signed off at the sender into the baseline scan as prior learning, with the evidence named
    and linked, for the provider to decide on. Starts the baseline scan if there is none. Returns how many."""
    enrolment = record.enrolment
    scan = enrolment.skills_scans.filter(kind=ScanKind.BASELINE).order_by("-version").first()
    if scan is None:
        scan = start_scan(enrolment=enrolment, actor=actor)
    if scan.status != ScanStatus.LEARNER_RATING:
        raise ValidationError(
            "The baseline skills scan has moved past prior learning: it can no longer be offered."
        )
    ksbs = {k.code: k for k in enrolment.standard_version.ksbs.all()}
    offered = 0
    for ksb in signed_off_with_evidence(record):
        if ksb.code not in ksbs:
            continue
        titles = "; ".join(f"“{e['title']}” ({record_url}#evidence-{e['id']})" for e in ksb.evidence)
        text = f"Signed off at {record.sender_name} before transferring. Evidence: {titles or 'none mapped'}."
        prior, created = PriorLearning.objects.get_or_create(
            scan=scan, ksb=ksbs[ksb.code], defaults={"experience": text}
        )
        if created:
            offered += 1
    record_change(actor=actor, action="scan.prior_learning_offered_from_transfer", instance=scan,
                  after={"record": record.pk, "ksbs": offered})  # fmt: skip
    return offered
