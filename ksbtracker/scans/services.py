"""Writes for skills scans: start, rate, submit, decide, sign, lock and correct. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ksbtracker.audit.api import record_change
from ksbtracker.people.notifications import notify, provider_admins_of
from ksbtracker.signing.api import content_fingerprint, sign_record

from .access import may_decide, may_start_scan, rater_role_for, signatory_role_for
from .models import (
    DecisionOutcome,
    PriorLearning,
    PriorLearningDecision,
    Qualification,
    RaterRole,
    Rating,
    RatingScale,
    ScalePoint,
    ScanKind,
    ScanSignature,
    ScanStatus,
    SignatoryRole,
    SkillsScan,
)
from .selectors import scan_ksbs

__all__ = [
    "RatingAnswer",
    "start_scan",
    "save_ratings",
    "submit_ratings",
    "save_prior_learning",
    "record_decision",
    "finish_decisions",
    "sign_scan",
    "scan_content_hash",
    "correct_scan",
    "create_rating_scale",
]

# Which stage each rater rates in.
RATING_STAGE = {
    RaterRole.LEARNER: ScanStatus.LEARNER_RATING,
    RaterRole.ASSESSOR: ScanStatus.STAFF_RATING,
    RaterRole.LINE_MANAGER: ScanStatus.STAFF_RATING,
}


COMMENT_LIMIT = 2000


@dataclass(frozen=True)
class RatingAnswer:
    ksb_id: int
    value: int | None
    comment: str = ""
    seen_revision: int = 0  # the rating's revision when the page was loaded; 0 if it had none


def _fresh(scan: SkillsScan) -> SkillsScan:
    """The scan's current row, locked for this transaction, so decisions are made on its real state."""
    return SkillsScan.objects.select_for_update().select_related("enrolment", "scale").get(pk=scan.pk)


def _locked_check(scan: SkillsScan) -> None:
    if scan.is_locked:
        raise ValidationError("This skills scan is locked. A correction must be made as a new version.")


def _default_scale() -> RatingScale:
    scale = RatingScale.objects.filter(is_default=True).first()
    if scale is None:
        raise ValidationError("No default rating scale is set up.")
    return scale


@transaction.atomic
def start_scan(
    *, enrolment, actor, kind: str = ScanKind.BASELINE, scale: RatingScale | None = None
) -> SkillsScan:
    """Start a skills scan for an enrolment. Only one baseline scan may be open or locked at a time."""
    if kind == ScanKind.RESCAN:
        if rater_role_for(actor, enrolment) is None and not may_start_scan(actor, enrolment):
            raise PermissionDenied(
                "Only the learner, their assessor, line manager or provider can start a re-scan."
            )
    elif not may_start_scan(actor, enrolment):
        raise PermissionDenied("Only the learner's assessor or a provider admin can start a skills scan.")
    if kind == ScanKind.BASELINE and enrolment.skills_scans.filter(kind=ScanKind.BASELINE).exists():
        raise ValidationError("This apprentice already has a baseline skills scan. Correct it instead.")
    if (
        kind == ScanKind.RESCAN
        and not enrolment.skills_scans.filter(kind=ScanKind.BASELINE, status=ScanStatus.LOCKED).exists()
    ):
        raise ValidationError("A re-scan needs a locked baseline to compare with.")
    if enrolment.skills_scans.exclude(status__in=[ScanStatus.LOCKED, ScanStatus.SUPERSEDED]).exists():
        raise ValidationError("A skills scan for this apprentice is still in progress. Finish it first.")
    scale = scale or _default_scale()
    if scale.provider_id not in (None, enrolment.provider_id):
        raise ValidationError("That rating scale belongs to another provider.")
    scan = SkillsScan.objects.create(enrolment=enrolment, kind=kind, scale=scale, started_by=actor)
    record_change(
        actor=actor, action="scan.started", instance=scan, after={"kind": kind, "scale": scale.name}
    )
    return scan


@transaction.atomic
def save_ratings(*, scan: SkillsScan, actor, answers: list[RatingAnswer]) -> list[int]:
    """Save the actor's ratings. Returns the KSB ids whose rating someone else changed since the page loaded:
    those answers are not overwritten, so nobody loses what they saved."""
    scan = _fresh(scan)
    _locked_check(scan)
    role = rater_role_for(actor, scan.enrolment)
    if role is None:
        raise PermissionDenied("You do not rate on this skills scan.")
    if scan.status != RATING_STAGE[role]:
        raise ValidationError(f"Ratings from the {RaterRole(role).label.lower()} are not open at this stage.")
    valid_ksbs = {k.pk for k in scan_ksbs(scan)}
    valid_values = {p.value for p in scan.scale.points.all()}
    _check_answers(answers, valid_ksbs, valid_values)
    existing = {r.ksb_id: r for r in Rating.objects.filter(scan=scan, rater_role=role)}
    conflicts = []
    for answer in answers:
        if answer.value is None:
            continue
        current = existing.get(answer.ksb_id)
        if current is None:
            Rating.objects.create(
                scan=scan, ksb_id=answer.ksb_id, rater_role=role, value=answer.value, comment=answer.comment,
                rated_by=actor,
            )  # fmt: skip
            record_change(
                actor=actor, action="scan.rating_saved", instance=scan,
                after={"ksb": answer.ksb_id, "role": role, "value": answer.value},
            )  # fmt: skip
            continue
        if current.value == answer.value and current.comment == answer.comment:
            continue
        if current.revision != answer.seen_revision:
            conflicts.append(answer.ksb_id)
            continue
        before = {"ksb": answer.ksb_id, "role": role, "value": current.value, "comment": current.comment}
        Rating.objects.filter(pk=current.pk).update(
            value=answer.value, comment=answer.comment, rated_by=actor, revision=current.revision + 1,
            updated_at=timezone.now(),
        )  # fmt: skip
        record_change(
            actor=actor, action="scan.rating_changed", instance=scan, before=before,
            after={"ksb": answer.ksb_id, "role": role, "value": answer.value, "comment": answer.comment},
        )  # fmt: skip
    return conflicts


def _check_answers(answers: list[RatingAnswer], valid_ksbs: set[int], valid_values: set[int]) -> None:
    """Refuse the whole save rather than drop part of it: a comment needs a rating, and is never cut."""
    for answer in answers:
        if answer.ksb_id not in valid_ksbs:
            raise ValidationError("A rating was for a KSB that is not in this standard.")
        if answer.value is None and answer.comment.strip():
            raise ValidationError("Choose a rating to save a comment with it.")
        if answer.value is not None and answer.value not in valid_values:
            raise ValidationError("Choose a point on the scale.")
        if len(answer.comment) > COMMENT_LIMIT:
            raise ValidationError(f"A comment must be {COMMENT_LIMIT:,} characters or fewer.")


def unrated_ksbs(*, scan: SkillsScan, role: str):
    rated = set(Rating.objects.filter(scan=scan, rater_role=role).values_list("ksb_id", flat=True))
    return [k for k in scan_ksbs(scan) if k.pk not in rated]


@transaction.atomic
def submit_ratings(*, scan: SkillsScan, actor) -> SkillsScan:
    """Submit the actor's ratings. Every KSB must be rated; the error lists each one that is not."""
    scan = _fresh(scan)
    _locked_check(scan)
    role = rater_role_for(actor, scan.enrolment)
    if role is None or scan.status != RATING_STAGE[role]:
        raise PermissionDenied("You cannot submit ratings on this skills scan now.")
    missing = unrated_ksbs(scan=scan, role=role)
    if missing:
        raise ValidationError([f"Rate {k.code}" for k in missing], code="unrated")
    now = timezone.now()
    if role == RaterRole.LEARNER:
        scan.learner_submitted_at = now
        scan.status = ScanStatus.STAFF_RATING
    elif not any(unrated_ksbs(scan=scan, role=r) for r in (RaterRole.ASSESSOR, RaterRole.LINE_MANAGER)):
        # Prior learning is decided once, at the baseline; a re-scan goes straight to signatures.
        scan.status = ScanStatus.DECIDING if scan.kind == ScanKind.BASELINE else ScanStatus.SIGNING
    scan.save(update_fields=["learner_submitted_at", "status"])
    record_change(
        actor=actor,
        action="scan.ratings_submitted",
        instance=scan,
        after={"role": role, "status": scan.status},
    )
    _notify_stage(scan, actor)
    return scan


@transaction.atomic
def save_prior_learning(*, scan: SkillsScan, actor, ksb_id: int, experience: str, qualifications: list[dict]):
    """The learner's account of prior learning for one KSB, with qualifications (title, level, body, date)."""
    scan = _fresh(scan)
    _locked_check(scan)
    if rater_role_for(actor, scan.enrolment) != RaterRole.LEARNER or scan.status != ScanStatus.LEARNER_RATING:
        raise PermissionDenied("Only the learner adds prior learning, before submitting their ratings.")
    if ksb_id not in {k.pk for k in scan_ksbs(scan)}:
        raise ValidationError("That KSB is not in this standard.")
    prior, _ = PriorLearning.objects.get_or_create(scan=scan, ksb_id=ksb_id)
    before = {"experience": prior.experience, "qualifications": list(prior.qualifications.values("title"))}
    prior.experience = experience
    prior.save()
    prior.qualifications.all().delete()
    for q in qualifications:
        Qualification.objects.create(prior_learning=prior, **q)
    record_change(
        actor=actor, action="scan.prior_learning_saved", instance=scan, before=before,
        after={"ksb": ksb_id, "experience": experience, "qualifications": [q["title"] for q in qualifications]},
    )  # fmt: skip
    return prior


@transaction.atomic
def record_decision(
    *,
    scan: SkillsScan,
    actor,
    ksb_id: int,
    outcome: str,
    rationale: str,
    share_percent: Decimal | None = None,
) -> PriorLearningDecision:
    """The provider's prior-learning decision on one KSB."""
    scan = _fresh(scan)
    _locked_check(scan)
    if not may_decide(actor, scan.enrolment):
        raise PermissionDenied("Only the provider decides prior learning.")
    if scan.status != ScanStatus.DECIDING:
        raise ValidationError(
            "Prior learning is decided after the learner, assessor and line manager have rated."
        )
    errors = {}
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = "Choose whether prior learning is recognised in full, in part or not"
    if outcome == DecisionOutcome.PART and (share_percent is None or not 0 < share_percent < 100):
        errors["share_percent"] = "Enter the share of the hours recognised, between 1 and 99"
    if not rationale.strip():
        errors["rationale"] = "Enter the reason for the decision"
    if errors:
        raise ValidationError(errors)
    existing = PriorLearningDecision.objects.filter(scan=scan, ksb_id=ksb_id).first()
    before = None if existing is None else {"outcome": existing.outcome, "share": str(existing.share_percent)}
    decision, _ = PriorLearningDecision.objects.update_or_create(
        scan=scan, ksb_id=ksb_id,
        defaults={"outcome": outcome, "rationale": rationale.strip(), "decided_by": actor,
                  "share_percent": share_percent if outcome == DecisionOutcome.PART else None},
    )  # fmt: skip
    record_change(
        actor=actor, action="scan.decision_recorded", instance=scan, before=before,
        after={"ksb": ksb_id, "outcome": outcome, "share": str(share_percent), "rationale": rationale},
    )  # fmt: skip
    return decision


@transaction.atomic
def finish_decisions(*, scan: SkillsScan, actor) -> SkillsScan:
    scan = _fresh(scan)
    if not may_decide(actor, scan.enrolment) or scan.status != ScanStatus.DECIDING:
        raise PermissionDenied("You cannot finish the decisions on this skills scan now.")
    decided = set(scan.decisions.values_list("ksb_id", flat=True))
    missing = [k for k in scan_ksbs(scan) if k.pk not in decided]
    if missing:
        raise ValidationError([f"Decide prior learning for {k.code}" for k in missing], code="undecided")
    scan.status = ScanStatus.SIGNING
    scan.save(update_fields=["status"])
    record_change(actor=actor, action="scan.decisions_finished", instance=scan, after={"status": scan.status})
    _notify_stage(scan, actor)
    return scan


def scan_content(scan: SkillsScan) -> dict:
    """Exactly what is signed: ratings, prior learning and decisions, in a canonical order."""
    ratings = sorted(
        (r.ksb_id, r.ksb.code, r.ksb.text, r.rater_role, r.value, r.comment)
        for r in Rating.objects.filter(scan=scan).select_related("ksb")
    )
    prior = sorted(
        (
            p.ksb_id,
            p.experience,
            sorted((q.title, q.level, q.awarding_body, str(q.date_awarded)) for q in p.qualifications.all()),
            sorted((f.original_name, f.sha256) for f in p.files.all()),
        )
        for p in PriorLearning.objects.filter(scan=scan).prefetch_related("qualifications", "files")
    )
    decisions = sorted(
        (d.ksb_id, d.outcome, str(d.share_percent), d.rationale)
        for d in PriorLearningDecision.objects.filter(scan=scan)
    )
    return {
        "scan": scan.pk,
        "enrolment": scan.enrolment_id,
        "version": scan.version,
        "scale": [(p.value, p.label, p.descriptor) for p in scan.scale.points.all()],
        "ratings": ratings,
        "prior_learning": prior,
        "decisions": decisions,
    }


def scan_content_hash(scan: SkillsScan) -> str:
    return content_fingerprint(scan_content(scan))


@transaction.atomic
def sign_scan(*, scan: SkillsScan, actor) -> ScanSignature:
    """Sign for the actor's party. When apprentice, employer and provider have signed, the scan is locked."""
    scan = _fresh(scan)
    _locked_check(scan)
    if scan.status != ScanStatus.SIGNING:
        raise ValidationError(
            "The skills scan can be signed once every rating and prior-learning decision is in."
        )
    signature, complete = sign_record(
        record=scan, role=signatory_role_for(actor, scan.enrolment), actor=actor,
        content=scan_content(scan), required_roles=SignatoryRole.values, noun="skills scan",
        action="scan.signed",
    )  # fmt: skip
    if complete:
        scan.status = ScanStatus.LOCKED
        scan.locked_at = timezone.now()
        scan.save(update_fields=["status", "locked_at"])
        if scan.supersedes_id:
            SkillsScan.objects.filter(pk=scan.supersedes_id).update(status=ScanStatus.SUPERSEDED)
        record_change(
            actor=actor, action="scan.locked", instance=scan, after={"hash": signature.content_hash}
        )
    return signature


@transaction.atomic
def correct_scan(*, scan: SkillsScan, actor, reason: str) -> SkillsScan:
    """A correction to a locked scan is a new version with a reason; the locked one is never overwritten."""
    scan = _fresh(scan)
    if scan.status != ScanStatus.LOCKED:
        raise ValidationError("Only a locked skills scan is corrected by a new version.")
    if not may_decide(actor, scan.enrolment):
        raise PermissionDenied("Only the provider can correct a locked skills scan.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the correction"})
    if hasattr(scan, "superseded_by"):
        raise ValidationError("A correction of this skills scan is already under way.")
    new = SkillsScan.objects.create(
        enrolment=scan.enrolment, kind=scan.kind, version=scan.version + 1, supersedes=scan,
        correction_reason=reason.strip(), scale=scan.scale, status=ScanStatus.DECIDING, started_by=actor,
        learner_submitted_at=scan.learner_submitted_at,
    )  # fmt: skip
    for rating in scan.ratings.all():
        rating.pk = None
        rating.scan = new
        rating.save()
    for prior in scan.prior_learning.prefetch_related("qualifications", "files"):
        qualifications, files = list(prior.qualifications.all()), list(prior.files.all())
        prior.pk = None
        prior.scan = new
        prior.save()
        for copied in (*qualifications, *files):  # a corrected version points at the same stored files
            copied.pk = None
            copied.prior_learning = prior
            copied.save()
    for decision in scan.decisions.all():
        decision.pk = None
        decision.scan = new
        decision.save()
    record_change(
        actor=actor, action="scan.correction_started", instance=new,
        after={"supersedes": scan.pk, "version": new.version, "reason": reason.strip()},
    )  # fmt: skip
    return new


@transaction.atomic
def create_rating_scale(*, provider, name: str, points: list[tuple[str, str]], actor) -> RatingScale:
    """A provider's own scale: points numbered from 0 in the order given, each with a label and a descriptor."""
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name for the scale"
    filled = [
        (label.strip(), descriptor.strip())
        for label, descriptor in points
        if label.strip() or descriptor.strip()
    ]
    if len(filled) < 3:
        errors["points"] = "Give the scale at least 3 points, each with a label and a descriptor"
    elif any(not label or not descriptor for label, descriptor in filled):
        errors["points"] = "Give every point both a label and a descriptor"
    if RatingScale.objects.filter(provider=provider, name__iexact=name.strip()).exists():
        errors["name"] = "Your provider already has a scale with that name"
    if errors:
        raise ValidationError(errors)
    scale = RatingScale.objects.create(name=name.strip(), provider=provider)
    ScalePoint.objects.bulk_create(
        ScalePoint(scale=scale, value=value, label=label, descriptor=descriptor)
        for value, (label, descriptor) in enumerate(filled)
    )
    record_change(actor=actor, action="rating_scale.created", instance=scale, after={"points": filled})
    return scale


STAGE_MESSAGES = {
    ScanStatus.STAFF_RATING: (
        "Skills scan to rate",
        "{learner} has rated every KSB. Please give your own ratings.",
    ),
    ScanStatus.DECIDING: (
        "Prior learning to decide",
        "All ratings for {learner} are in. Please decide prior learning.",
    ),
    ScanStatus.SIGNING: ("Skills scan to sign", "The skills scan for {learner} is ready to sign."),
}


def _notify_stage(scan: SkillsScan, actor) -> None:
    """Tell the people the scan now waits on."""
    if scan.status not in STAGE_MESSAGES:
        return
    enrolment = scan.enrolment
    recipients = {
        ScanStatus.STAFF_RATING: [enrolment.assessor, enrolment.line_manager],
        ScanStatus.DECIDING: [enrolment.assessor, *provider_admins_of(enrolment)],
        ScanStatus.SIGNING: [enrolment.learner, enrolment.line_manager, *provider_admins_of(enrolment)],
    }[scan.status]
    subject, message = STAGE_MESSAGES[scan.status]
    notify(recipients=recipients, subject=subject, message=message.format(learner=enrolment.learner.full_name),
           path=scan.get_absolute_url(), exclude=actor)  # fmt: skip
