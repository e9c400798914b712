"""Changes during an apprenticeship, recorded by the provider's admins: each dated, with a reason, audited,
kept as an ``EnrolmentChange`` and applied to the enrolment's current values."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ksbtracker.audit.api import record_change
from ksbtracker.people.models import Enrolment, EnrolmentStatus, Membership, Organisation, Role, User
from ksbtracker.people.notifications import notify

from .models import BreakInLearning, ChangeKind, EnrolmentChange

__all__ = [
    "may_record_changes",
    "available_changes",
    "change_people",
    "change_employer",
    "change_hours",
    "start_break",
    "record_return",
    "withdraw",
    "record_gateway",
    "record_completion",
    "record_transfer_out",
    "record_version_move",
]

CLOSED = (EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN)


def may_record_changes(user, enrolment: Enrolment) -> bool:
    """The provider's admins (and system admins) change an apprenticeship that is still open."""
    return enrolment.status not in CLOSED and user.has_perm("people.change_enrolment", enrolment)


# Which changes can be recorded in each status, in the order the pages offer them.
AVAILABLE = {
    EnrolmentStatus.ACTIVE: ["people", "employer", "hours", "break", "version", "gateway", "withdraw"],
    EnrolmentStatus.BREAK: ["return", "people", "employer", "hours", "withdraw"],
    EnrolmentStatus.GATEWAY: ["complete", "people", "withdraw"],
}


def available_changes(user, enrolment: Enrolment) -> list[str]:
    return AVAILABLE.get(enrolment.status, []) if may_record_changes(user, enrolment) else []


def _check(actor, enrolment: Enrolment, effective_on: datetime.date, reason: str, *, allowed=None) -> None:
    if not actor.has_perm("people.change_enrolment", enrolment):
        raise PermissionDenied("Only the provider's admins record changes to an apprenticeship.")
    if enrolment.status in CLOSED:
        raise PermissionDenied("This apprenticeship is closed: its record can no longer be changed.")
    errors = {}
    if allowed is not None and enrolment.status not in allowed:
        errors["__all__"] = (
            f"This cannot be recorded while the apprentice is {enrolment.get_status_display().lower()}"
        )
    if effective_on > timezone.localdate():
        errors["effective_on"] = "The date must be today or in the past"
    elif effective_on < enrolment.start_date:
        errors["effective_on"] = "The date must be on or after the start of the apprenticeship"
    latest = enrolment.changes.order_by("-effective_on").values_list("effective_on", flat=True).first()
    if latest and effective_on < latest and "effective_on" not in errors:
        errors["effective_on"] = f"The date must be on or after the last recorded change ({latest:%-d %B %Y})"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the change"
    if errors:
        raise ValidationError(errors)


def _record(enrolment, actor, *, kind, effective_on, reason, summary, before, after, agreed_by="", fields=()):
    change = EnrolmentChange.objects.create(
        enrolment=enrolment, kind=kind, effective_on=effective_on, reason=reason.strip(),
        agreed_by=agreed_by.strip(), before=before, after=after, summary=summary[:300], recorded_by=actor,
    )  # fmt: skip
    if fields:
        enrolment.save(update_fields=list(fields))
    record_change(
        actor=actor, action=f"enrolment.{kind}", instance=enrolment, before=before,
        after={**after, "effective_on": effective_on.isoformat(), "change": change.pk},
    )  # fmt: skip
    notify(
        recipients=[enrolment.learner, enrolment.assessor, enrolment.line_manager],
        subject=f"{change.get_kind_display()}: {enrolment.learner.full_name}",
        message=f"{summary}, from {effective_on:%-d %B %Y}.",
        path=enrolment.get_absolute_url(), exclude=actor,
    )  # fmt: skip
    return change


def _name(user: User | None) -> str:
    return user.full_name if user else "nobody"


@transaction.atomic
def change_people(*, enrolment, actor, effective_on, reason, assessor=None, line_manager=None) -> list:
    """A new assessor and/or line manager; only what differs from now is recorded."""
    _check(actor, enrolment, effective_on, reason)
    errors, changes = {}, []
    if (
        assessor is not None
        and not Membership.objects.filter(
            user=assessor, organisation_id=enrolment.provider_id, role=Role.ASSESSOR
        ).exists()
    ):
        errors["assessor"] = f"{assessor.full_name} is not an assessor at {enrolment.provider.name}"
    if (
        line_manager is not None
        and not Membership.objects.filter(
            user=line_manager, organisation_id=enrolment.employer_id, role=Role.LINE_MANAGER
        ).exists()
    ):
        errors["line_manager"] = (
            f"{line_manager.full_name} is not a line manager at {enrolment.employer.name}"
        )
    if errors:
        raise ValidationError(errors)
    for kind, field, person in (
        (ChangeKind.ASSESSOR, "assessor", assessor),
        (ChangeKind.LINE_MANAGER, "line_manager", line_manager),
    ):
        current = getattr(enrolment, field)
        if person is None or person == current:
            continue
        setattr(enrolment, field, person)
        label = "Assessor" if field == "assessor" else "Line manager"
        changes.append(_record(
            enrolment, actor, kind=kind, effective_on=effective_on, reason=reason,
            summary=f"{label} changed from {_name(current)} to {person.full_name}",
            before={field: current.pk if current else None}, after={field: person.pk}, fields=[field],
        ))  # fmt: skip
        notify(recipients=[person], subject=f"You are now {enrolment.learner.full_name}'s {label.lower()}",
               message=f"{enrolment.provider.name} has recorded you as {label.lower()} from {effective_on:%-d %B %Y}.",
               path=enrolment.get_absolute_url(), exclude=actor)  # fmt: skip
    if not changes:
        raise ValidationError(
            {"assessor": "Choose a different assessor or line manager from the current ones"}
        )
    return changes


@transaction.atomic
def change_employer(*, enrolment, actor, effective_on, reason, employer: Organisation, line_manager: User,
                    agreed_by: str = "") -> EnrolmentChange:  # fmt: skip
    """A move to another employer (in the same or another region), with a line manager there."""
    _check(actor, enrolment, effective_on, reason)
    if employer.pk == enrolment.employer_id:
        raise ValidationError({"employer": f"The apprentice already works for {employer.name}"})
    if not Membership.objects.filter(
        user=line_manager, organisation=employer, role=Role.LINE_MANAGER
    ).exists():
        raise ValidationError(
            {"line_manager": f"{line_manager.full_name} is not a line manager at {employer.name}"}
        )
    before = {"employer": enrolment.employer_id, "line_manager": enrolment.line_manager_id}
    summary = f"Employer changed from {enrolment.employer.name} to {employer.name}"
    enrolment.employer, enrolment.line_manager = employer, line_manager
    return _record(
        enrolment, actor, kind=ChangeKind.EMPLOYER, effective_on=effective_on, reason=reason, agreed_by=agreed_by,
        summary=f"{summary}, line manager {line_manager.full_name}", before=before,
        after={"employer": employer.pk, "line_manager": line_manager.pk}, fields=["employer", "line_manager"],
    )  # fmt: skip


@transaction.atomic
def change_hours(
    *, enrolment, actor, effective_on, reason, weekly_hours: Decimal, agreed_by: str
) -> EnrolmentChange:
    _check(actor, enrolment, effective_on, reason)
    if weekly_hours == enrolment.weekly_hours:
        raise ValidationError({"weekly_hours": "Enter hours different from the current contracted hours"})
    if not agreed_by.strip():
        raise ValidationError({"agreed_by": "Enter who agreed the new hours for the employer"})
    before = enrolment.weekly_hours
    enrolment.weekly_hours = weekly_hours
    return _record(
        enrolment, actor, kind=ChangeKind.HOURS, effective_on=effective_on, reason=reason, agreed_by=agreed_by,
        summary=f"Contracted hours changed from {before.normalize():f} to {weekly_hours.normalize():f} a week",
        before={"weekly_hours": str(before)}, after={"weekly_hours": str(weekly_hours)}, fields=["weekly_hours"],
    )  # fmt: skip


@transaction.atomic
def start_break(
    *, enrolment, actor, effective_on, reason, expected_return_on, agreed_by=""
) -> BreakInLearning:
    _check(actor, enrolment, effective_on, reason, allowed=(EnrolmentStatus.ACTIVE,))
    if expected_return_on <= effective_on:
        raise ValidationError(
            {"expected_return_on": "The expected return must be after the start of the break"}
        )
    pause = BreakInLearning.objects.create(
        enrolment=enrolment,
        starts_on=effective_on,
        expected_return_on=expected_return_on,
        reason=reason.strip(),
    )
    enrolment.status = EnrolmentStatus.BREAK
    _record(
        enrolment, actor, kind=ChangeKind.BREAK_STARTED, effective_on=effective_on, reason=reason,
        agreed_by=agreed_by, summary=f"Break in learning started, return expected {expected_return_on:%-d %B %Y}",
        before={"status": EnrolmentStatus.ACTIVE},
        after={"status": EnrolmentStatus.BREAK, "break": pause.pk, "expected_return_on": expected_return_on},
        fields=["status"],
    )  # fmt: skip
    return pause


@transaction.atomic
def record_return(*, enrolment, actor, effective_on, reason) -> BreakInLearning:
    """Back from the break: the planned end moves on by the break's length."""
    _check(actor, enrolment, effective_on, reason, allowed=(EnrolmentStatus.BREAK,))
    pause = enrolment.breaks.filter(returned_on__isnull=True).order_by("-starts_on").first()
    if effective_on <= pause.starts_on:
        raise ValidationError(
            {"effective_on": f"The return must be after the break started ({pause.starts_on:%-d %B %Y})"}
        )
    pause.returned_on = effective_on
    pause.save(update_fields=["returned_on"])
    length = (effective_on - pause.starts_on).days
    before = {"status": EnrolmentStatus.BREAK, "planned_end_date": enrolment.planned_end_date}
    enrolment.planned_end_date += datetime.timedelta(days=length)
    enrolment.status = EnrolmentStatus.ACTIVE
    _record(
        enrolment, actor, kind=ChangeKind.RETURNED, effective_on=effective_on, reason=reason,
        summary=f"Returned after a {length}-day break; planned end moved to {enrolment.planned_end_date:%-d %B %Y}",
        before=before, after={"status": EnrolmentStatus.ACTIVE, "planned_end_date": enrolment.planned_end_date,
                              "break": pause.pk, "break_days": length},
        fields=["status", "planned_end_date"],
    )  # fmt: skip
    return pause


def _close(enrolment, actor, *, kind, status, effective_on, reason, allowed, summary) -> EnrolmentChange:
    _check(actor, enrolment, effective_on, reason, allowed=allowed)
    before = {"status": enrolment.status}
    for pause in enrolment.breaks.filter(returned_on__isnull=True):  # a withdrawal ends a break too
        pause.returned_on = max(effective_on, pause.starts_on + datetime.timedelta(days=1))
        pause.save(update_fields=["returned_on"])
    enrolment.status = status
    return _record(enrolment, actor, kind=kind, effective_on=effective_on, reason=reason, summary=summary,
                   before=before, after={"status": status}, fields=["status"])  # fmt: skip


@transaction.atomic
def withdraw(*, enrolment, actor, effective_on, reason) -> EnrolmentChange:
    return _close(enrolment, actor, kind=ChangeKind.WITHDRAWN, status=EnrolmentStatus.WITHDRAWN,
                  effective_on=effective_on, reason=reason, allowed=None,
                  summary="Withdrawn from the apprenticeship")  # fmt: skip


@transaction.atomic
def record_gateway(*, enrolment, actor, effective_on, reason) -> EnrolmentChange:
    return _close(enrolment, actor, kind=ChangeKind.GATEWAY, status=EnrolmentStatus.GATEWAY,
                  effective_on=effective_on, reason=reason, allowed=(EnrolmentStatus.ACTIVE,),
                  summary="Went through gateway to end-point assessment")  # fmt: skip


@transaction.atomic
def record_completion(*, enrolment, actor, effective_on, reason) -> EnrolmentChange:
    return _close(enrolment, actor, kind=ChangeKind.COMPLETED, status=EnrolmentStatus.COMPLETED,
                  effective_on=effective_on, reason=reason, allowed=(EnrolmentStatus.GATEWAY,),
                  summary="Completed the apprenticeship")  # fmt: skip


@transaction.atomic
def record_transfer_out(*, enrolment, actor, to_provider: Organisation, new_enrolment) -> EnrolmentChange | None:
    """The learner's record has moved to ``to_provider``: this apprenticeship closes, its record kept as it is."""
    if enrolment.status in CLOSED:
        return None
    before = {"status": enrolment.status}
    enrolment.status = EnrolmentStatus.WITHDRAWN
    return _record(
        enrolment, actor, kind=ChangeKind.TRANSFERRED, effective_on=timezone.localdate(),
        reason=f"The learner's record was transferred to {to_provider.name}.",
        summary=f"Transferred to {to_provider.name}", before=before,
        after={"status": EnrolmentStatus.WITHDRAWN, "new_enrolment": new_enrolment.pk}, fields=["status"],
    )  # fmt: skip


def record_version_move(*, enrolment, actor, effective_on, reason, new_enrolment) -> EnrolmentChange:
    """The apprentice continues on a new version (``new_enrolment``): this record closes as it is."""
    _check(actor, enrolment, effective_on, reason, allowed=(EnrolmentStatus.ACTIVE,))
    version = new_enrolment.standard_version
    enrolment.status = EnrolmentStatus.WITHDRAWN
    return _record(
        enrolment, actor, kind=ChangeKind.NEW_VERSION, effective_on=effective_on, reason=reason,
        summary=f"Moved to {version.reference_number} version {version.version}",
        before={"status": EnrolmentStatus.ACTIVE},
        after={"status": EnrolmentStatus.WITHDRAWN, "new_enrolment": new_enrolment.pk}, fields=["status"],
    )  # fmt: skip
