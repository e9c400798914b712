"""Writes for training plans: build from the locked baseline, set hours and activities, sign, revise."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ksbtracker.audit.api import record_change
from ksbtracker.people.access import organisation_ids_for_role
from ksbtracker.people.models import Role
from ksbtracker.people.notifications import notify, provider_admins_of
from ksbtracker.revisions import claim_revision
from ksbtracker.scans.access import may_decide, signatory_role_for
from ksbtracker.scans.models import DecisionOutcome, RaterRole, ScanKind, ScanStatus, SignatoryRole
from ksbtracker.signing.api import content_fingerprint, sign_record

from .models import PlanItem, PlanSignature, PlanStatus, ProgrammeModule, TrainingPlan
from .selectors import default_required_hours, plan_items, plan_outcome

__all__ = [
    "split_hours",
    "create_plan_from_baseline",
    "update_plan_items",
    "send_plan_for_signing",
    "sign_plan",
    "revise_plan",
    "plan_content_hash",
    "create_programme_module",
]

HOUR = Decimal("1")


def split_hours(total: Decimal, count: int) -> list[Decimal]:
    """``total`` shared across ``count`` KSBs in whole hours that add up exactly (the first ones get the rest)."""
    if count == 0:
        return []
    share = (total / count).quantize(HOUR, rounding=ROUND_DOWN)
    shares = [share] * count
    remainder = total - share * count
    index = 0
    while remainder >= HOUR:
        shares[index] += HOUR
        remainder -= HOUR
        index += 1
    shares[-1] += remainder  # a fractional total leaves a fraction on the last KSB
    return shares


def _agreed_rating(ratings: dict[str, int]) -> int | None:
    """The assessor's rating stands; failing that the line manager's, then the learner's."""
    for role in (RaterRole.ASSESSOR, RaterRole.LINE_MANAGER, RaterRole.LEARNER):
        if role in ratings:
            return ratings[role]
    return None


def _prior_learning_hours(planned: Decimal, decision) -> Decimal:
    if decision is None or decision.outcome == DecisionOutcome.NONE:
        return Decimal("0")
    if decision.outcome == DecisionOutcome.FULL:
        return planned
    return (planned * decision.share_percent / 100).quantize(Decimal("0.01"))


@transaction.atomic
def create_plan_from_baseline(*, scan, actor, required_hours: Decimal | None = None) -> TrainingPlan:
    """A draft plan from a locked baseline: every KSB with its share of the hours, prior learning left out."""
    enrolment = scan.enrolment
    if not may_decide(actor, enrolment):
        raise PermissionDenied("Only the provider builds the training plan.")
    if scan.kind != ScanKind.BASELINE or scan.status != ScanStatus.LOCKED:
        raise ValidationError("A training plan is built from the locked baseline skills scan.")
    if enrolment.training_plans.exists():
        raise ValidationError("This apprentice already has a training plan. Revise it instead.")
    required = required_hours if required_hours is not None else default_required_hours(enrolment)
    if required <= 0:
        raise ValidationError({"required_hours": "Enter the planned OTJ hours, more than 0"})
    plan = TrainingPlan.objects.create(
        enrolment=enrolment, baseline=scan, required_hours=required, epao=enrolment.epao,
        gateway_target_date=enrolment.planned_end_date, created_by=actor,
    )  # fmt: skip
    ratings: dict[int, dict[str, int]] = {}
    for rating in scan.ratings.all():
        ratings.setdefault(rating.ksb_id, {})[rating.rater_role] = rating.value
    decisions = {d.ksb_id: d for d in scan.decisions.all()}
    ksbs = sorted(enrolment.standard_version.ksbs.all(), key=lambda k: ("KSB".index(k.kind), k.number))
    top = scan.scale.top
    module_for = {}
    for module in (
        ProgrammeModule.objects.filter(
            provider_id=enrolment.provider_id, standard_version_id=enrolment.standard_version_id
        )
        .prefetch_related("ksbs")
        .order_by("title")
    ):
        for ksb in module.ksbs.all():
            module_for.setdefault(ksb.pk, module)
    for ksb, planned in zip(ksbs, split_hours(required, len(ksbs)), strict=True):
        agreed = _agreed_rating(ratings.get(ksb.pk, {}))
        PlanItem.objects.create(
            plan=plan, ksb=ksb, planned_hours=planned,
            prior_learning_hours=_prior_learning_hours(planned, decisions.get(ksb.pk)),
            gap=top - agreed if agreed is not None else top, module=module_for.get(ksb.pk),
        )  # fmt: skip
    _move_gateway_target(plan)
    record_change(actor=actor, action="plan.created", instance=plan, after={"required_hours": str(required)})
    return plan


def _move_gateway_target(plan: TrainingPlan) -> None:
    """The gateway target follows the planned end, which prior learning brings forward."""
    plan.gateway_target_date = plan_outcome(plan, plan_items(plan)).new_planned_end_date
    plan.save(update_fields=["gateway_target_date"])


@transaction.atomic
def update_plan_items(
    *,
    plan: TrainingPlan,
    actor,
    hours: dict[int, Decimal],
    activities: dict[int, str],
    modules: dict[int, int | None],
    seen_revision: int | None = None,
) -> TrainingPlan:
    """Set each KSB's planned hours and activities. The hours must add up to the plan's required total.

    ``seen_revision`` is the plan's revision when the page was opened: a save from an older page is refused.
    """
    plan = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    if not may_decide(actor, plan.enrolment):
        raise PermissionDenied("Only the provider changes the training plan.")
    if not plan.is_editable:
        raise ValidationError(
            "This training plan is no longer a draft. Changes need a new version with a reason."
        )
    claim_revision(plan, seen=seen_revision, noun="training plan")
    offered = set(
        ProgrammeModule.objects.filter(
            provider_id=plan.enrolment.provider_id, standard_version_id=plan.enrolment.standard_version_id
        ).values_list("pk", flat=True)
    )
    if any(m is not None and m not in offered for m in modules.values()):
        raise ValidationError({"modules": "Choose one of your provider's modules for this standard"})
    items = {i.ksb_id: i for i in plan.items.select_related("ksb")}
    total = sum((hours.get(k, i.planned_hours) for k, i in items.items()), Decimal("0"))
    if total != plan.required_hours:
        raise ValidationError(
            f"The planned hours add up to {total.normalize():f}; they must add up to "
            f"{plan.required_hours.normalize():f}, the OTJ hours planned without prior learning"
        )
    decisions = {d.ksb_id: d for d in plan.baseline.decisions.all()}
    for ksb_id, item in items.items():
        before = (item.planned_hours, item.activities, item.module_id)
        item.planned_hours = hours.get(ksb_id, item.planned_hours)
        item.activities = activities.get(ksb_id, item.activities)
        item.module_id = modules.get(ksb_id, item.module_id)
        item.prior_learning_hours = _prior_learning_hours(item.planned_hours, decisions.get(ksb_id))
        if before != (item.planned_hours, item.activities, item.module_id):
            item.save()
            record_change(
                actor=actor, action="plan.item_changed", instance=plan,
                before={"ksb": item.ksb.code, "hours": str(before[0]), "activities": before[1]},
                after={"ksb": item.ksb.code, "hours": str(item.planned_hours), "activities": item.activities},
            )  # fmt: skip
    plan.save(update_fields=["revision"])
    _move_gateway_target(plan)
    return plan


@transaction.atomic
def send_plan_for_signing(*, plan: TrainingPlan, actor) -> TrainingPlan:
    plan = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    if not may_decide(actor, plan.enrolment) or plan.status != PlanStatus.DRAFT:
        raise PermissionDenied("You cannot send this training plan for signing now.")
    bare = [
        i.ksb.code
        for i in plan_items(plan)
        if i.hours_to_train > 0 and not i.activities.strip() and not i.module_id
    ]
    if bare:
        raise ValidationError(
            {"activities": [f"Enter the activities for {code}, or choose a module" for code in bare]},
            code="no_activities",
        )
    plan.status = PlanStatus.SIGNING
    plan.save(update_fields=["status"])
    record_change(
        actor=actor, action="plan.sent_for_signing", instance=plan, after={"hash": plan_content_hash(plan)}
    )
    enrolment = plan.enrolment
    notify(
        recipients=[enrolment.learner, enrolment.line_manager, *provider_admins_of(enrolment)], exclude=actor,
        subject="Training plan to sign", message=f"The training plan for {enrolment.learner.full_name} is ready to sign.",
        path=plan.get_absolute_url(),
    )  # fmt: skip
    return plan


def plan_content(plan: TrainingPlan) -> dict:
    """Exactly what is signed: the plan's dates, totals and every KSB's hours and activities."""
    return {
        "plan": plan.pk,
        "version": plan.version,
        "enrolment": plan.enrolment_id,
        "baseline": plan.baseline_id,
        "required_hours": str(plan.required_hours),
        "epao": plan.epao_id,
        "gateway_target_date": str(plan.gateway_target_date),
        "items": sorted(
            (
                i.ksb_id,
                i.ksb.code,
                i.ksb.text,
                str(i.planned_hours),
                str(i.prior_learning_hours),
                i.activities,
                i.module_id,
            )
            for i in plan.items.select_related("ksb")
        ),
    }


def plan_content_hash(plan: TrainingPlan) -> str:
    return content_fingerprint(plan_content(plan))


@transaction.atomic
def sign_plan(*, plan: TrainingPlan, actor) -> PlanSignature:
    """Sign for the actor's party; with apprentice, employer and provider signed, the plan is agreed."""
    plan = TrainingPlan.objects.select_for_update().select_related("enrolment").get(pk=plan.pk)
    if plan.status != PlanStatus.SIGNING:
        raise ValidationError("This training plan is not waiting for signatures.")
    signature, complete = sign_record(
        record=plan, role=signatory_role_for(actor, plan.enrolment), actor=actor,
        content=plan_content(plan), required_roles=SignatoryRole.values, noun="training plan",
        action="plan.signed",
    )  # fmt: skip
    if complete:
        plan.status = PlanStatus.SIGNED
        plan.signed_at = timezone.now()
        plan.save(update_fields=["status", "signed_at"])
        if plan.supersedes_id:
            TrainingPlan.objects.filter(pk=plan.supersedes_id).update(status=PlanStatus.SUPERSEDED)
        record_change(
            actor=actor, action="plan.agreed", instance=plan, after={"hash": signature.content_hash}
        )
    return signature


@transaction.atomic
def revise_plan(*, plan: TrainingPlan, actor, reason: str) -> TrainingPlan:
    """A change after signing is a new version with a reason; the signed plan stays as it was."""
    plan = TrainingPlan.objects.select_for_update().select_related("enrolment").get(pk=plan.pk)
    if plan.status != PlanStatus.SIGNED:
        raise ValidationError("Only a signed training plan is changed by a new version.")
    if not may_decide(actor, plan.enrolment):
        raise PermissionDenied("Only the provider changes the training plan.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the change"})
    if hasattr(plan, "superseded_by"):
        raise ValidationError("A new version of this training plan is already in progress.")
    new = TrainingPlan.objects.create(
        enrolment=plan.enrolment, baseline=plan.baseline, version=plan.version + 1, supersedes=plan,
        change_reason=reason.strip(), required_hours=plan.required_hours, epao=plan.epao,
        gateway_target_date=plan.gateway_target_date, created_by=actor,
    )  # fmt: skip
    PlanItem.objects.bulk_create(
        PlanItem(plan=new, ksb_id=i.ksb_id, planned_hours=i.planned_hours, prior_learning_hours=i.prior_learning_hours,
                 gap=i.gap, module_id=i.module_id, activities=i.activities)
        for i in plan.items.all()
    )  # fmt: skip
    record_change(
        actor=actor,
        action="plan.revision_started",
        instance=new,
        after={"supersedes": plan.pk, "reason": reason},
    )
    return new


@transaction.atomic
def create_programme_module(
    *, provider, standard_version, actor, title: str, description: str, ksb_ids: list[int]
) -> ProgrammeModule:
    """A module of the provider's programme for a standard version, covering some of its KSBs."""
    if not (actor.is_superuser or provider.pk in organisation_ids_for_role(actor, Role.PROVIDER_ADMIN)):
        raise PermissionDenied("Only the provider's admins keep its programme modules.")
    errors = {}
    if not title.strip():
        errors["title"] = "Enter the module's title"
    elif ProgrammeModule.objects.filter(
        provider=provider, standard_version=standard_version, title__iexact=title.strip()
    ).exists():
        errors["title"] = "Your programme already has a module with that title for this standard"
    valid = set(standard_version.ksbs.values_list("pk", flat=True))
    if not ksb_ids:
        errors["ksbs"] = "Select the KSBs the module covers"
    elif not set(ksb_ids) <= valid:
        errors["ksbs"] = "Select KSBs of this standard version"
    if errors:
        raise ValidationError(errors)
    module = ProgrammeModule.objects.create(
        provider=provider,
        standard_version=standard_version,
        title=title.strip(),
        description=description.strip(),
    )
    module.ksbs.set(ksb_ids)
    record_change(actor=actor, action="programme_module.created", instance=module,
                  after={"title": module.title, "ksbs": sorted(ksb_ids)})  # fmt: skip
    return module
