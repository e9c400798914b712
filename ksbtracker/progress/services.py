"""Writes for progress: the off-the-job log, qualifications achieved and the employer's gateway confirmation."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ksbtracker.audit.api import record_change, snapshot
from ksbtracker.lifecycle.selectors import is_read_only
from ksbtracker.scans.access import may_decide, rater_role_for
from ksbtracker.scans.models import RaterRole

from .gateway import gateway_readiness
from .models import GatewayConfirmation, OTJLogEntry, QualificationAchieved

__all__ = ["log_otj_hours", "record_qualification", "confirm_gateway"]


@transaction.atomic
def log_otj_hours(
    *, enrolment, actor, date: datetime.date, activity: str, hours: Decimal, ksb_ids: list[int]
) -> OTJLogEntry:
    """OTJ training that produced no evidence item. The learner or their assessor logs it."""
    if rater_role_for(actor, enrolment) not in (RaterRole.LEARNER, RaterRole.ASSESSOR):
        raise PermissionDenied("Only the learner or their assessor logs off-the-job hours.")
    if is_read_only(enrolment):
        raise PermissionDenied("This apprenticeship is closed: its record can no longer be changed.")
    errors = {}
    if date > timezone.localdate():
        errors["date"] = "The date must be today or in the past"
    elif date < enrolment.start_date:
        errors["date"] = "The date must be on or after the start of the apprenticeship"
    if not activity.strip():
        errors["activity"] = "Enter what the training was"
    if not Decimal("0") < hours <= Decimal("24"):
        errors["hours"] = "Enter the hours, more than 0 and no more than 24"
    if not set(ksb_ids) <= set(enrolment.standard_version.ksbs.values_list("pk", flat=True)):
        errors["ksbs"] = "Choose KSBs from this apprentice's standard"
    if errors:
        raise ValidationError(errors)
    entry = OTJLogEntry.objects.create(
        enrolment=enrolment, date=date, activity=activity.strip(), hours=hours, recorded_by=actor
    )
    entry.ksbs.set(ksb_ids)
    record_change(
        actor=actor, action="otj.logged", instance=entry, after={**snapshot(entry), "ksbs": ksb_ids}
    )
    return entry


@transaction.atomic
def record_qualification(
    *, enrolment, actor, title: str, achieved_on: datetime.date
) -> QualificationAchieved:
    if not may_decide(actor, enrolment):
        raise PermissionDenied("Only the provider records qualifications achieved.")
    if not title.strip():
        raise ValidationError({"title": "Enter the qualification's title"})
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": "The date achieved must be today or in the past"})
    qualification = QualificationAchieved.objects.create(
        enrolment=enrolment, title=title.strip(), achieved_on=achieved_on, recorded_by=actor
    )
    record_change(
        actor=actor, action="qualification.recorded", instance=qualification, after=snapshot(qualification)
    )
    return qualification


@transaction.atomic
def confirm_gateway(*, enrolment, actor, statement: str) -> GatewayConfirmation:
    """The line manager confirms readiness, once everything else on the checklist is met."""
    if rater_role_for(actor, enrolment) != RaterRole.LINE_MANAGER:
        raise PermissionDenied("Only the apprentice's line manager confirms gateway readiness.")
    if GatewayConfirmation.objects.filter(enrolment=enrolment).exists():
        raise ValidationError("Gateway readiness has already been confirmed.")
    missing = [c.title for c in gateway_readiness(enrolment)[:-1] if not c.met]
    if missing:
        raise ValidationError(f"Not ready for gateway yet: {'; '.join(missing)}")
    if not statement.strip():
        raise ValidationError({"statement": "Enter your confirmation"})
    confirmation = GatewayConfirmation.objects.create(
        enrolment=enrolment, confirmed_by=actor, statement=statement.strip()
    )
    record_change(
        actor=actor, action="gateway.confirmed", instance=enrolment, after={"statement": statement.strip()}
    )
    return confirmation
