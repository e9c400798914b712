"""Keep each enrolment's progress summary in step with the records its figures come from."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from ksbtracker.evidence.models import EvidenceItem
from ksbtracker.people.models import Enrolment
from ksbtracker.plans.models import TrainingPlan
from ksbtracker.reviews.models import AgreedReviewFrequency, KSBSignOff, ProgressReview
from ksbtracker.scans.models import SkillsScan

from .models import OTJLogEntry
from .summary import refresh_progress

# Every model whose rows change a summary figure, and which has an ``enrolment``.
_SOURCES = (EvidenceItem, KSBSignOff, SkillsScan, TrainingPlan, ProgressReview, AgreedReviewFrequency, OTJLogEntry)


def _enrolment_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures
        return
    refresh_progress(instance)


def _record_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    enrolment = Enrolment.objects.select_related("standard_version", "funding_rule_set").filter(
        pk=instance.enrolment_id
    ).first()
    if enrolment is not None:
        refresh_progress(enrolment)


def connect() -> None:
    post_save.connect(_enrolment_changed, sender=Enrolment, dispatch_uid="progress-summary-enrolment")
    for model in _SOURCES:
        for signal in (post_save, post_delete):
            signal.connect(_record_changed, sender=model, dispatch_uid=f"progress-summary-{model.__name__}")
