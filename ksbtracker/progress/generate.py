"""A realistic national dataset for trying KSB Tracker at scale, written with bulk inserts.

Ten providers (the demo's own among them), fifty employers, an assessor per hundred apprentices, and for each
apprentice a locked baseline scan rated by all three raters, about forty evidence items mapped to three KSBs
each (most accepted, some waiting), off-the-job log entries and a signed progress review every twelve weeks.
The demo provider admin administers the apprentices of the demo provider (about a tenth) and the demo
assessor gets a caseload of about a hundred. Dates are relative to today. Signals are bypassed by the bulk
inserts, so each new enrolment's progress summary is worked out at the end with ``refresh_progress``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ksbtracker.evidence.models import AssessmentRound, EvidenceItem, EvidenceStatus, KSBDecision
from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.people.models import Enrolment, Membership, Organisation, OrganisationKind, Role, User
from ksbtracker.reviews.models import ProgressReview, ReviewStatus
from ksbtracker.scans.models import RaterRole, Rating, RatingScale, ScanKind, ScanStatus, SkillsScan
from ksbtracker.standards.models import StandardVersion

from .models import OTJLogEntry
from .summary import refresh_all_progress

__all__ = ["generate_national_data"]

PROVIDERS, EMPLOYERS, PER_ASSESSOR, ITEMS, BATCH = 10, 50, 100, 40, 200
FIRST = ["Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hamza", "Isla", "Jack", "Kiran", "Lena"]
LAST = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones"]
DEMO_PROVIDER, DEMO_ASSESSOR = "provider@example.org", "assessor@example.org"


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _providers(tag: str) -> list[Organisation]:
    demo = Organisation.objects.filter(memberships__user__email=DEMO_PROVIDER, kind=OrganisationKind.PROVIDER)
    providers = list(demo[:1])
    made = Organisation.objects.bulk_create(
        Organisation(name=f"Generated provider {tag}-{i}", kind=OrganisationKind.PROVIDER)
        for i in range(PROVIDERS - len(providers))
    )  # fmt: skip
    return providers + made


def _users(prefix: str, count: int, password: str, rng) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"{prefix}-{i}@generated.example.org", full_name=_name(rng), password=password)
        for i in range(count)
    )  # fmt: skip


@transaction.atomic
def _generate_batch(enrolments: list[Enrolment], ksbs_by_version, scale_values, today, rng) -> None:
    scans = SkillsScan.objects.bulk_create(
        SkillsScan(enrolment=e, kind=ScanKind.BASELINE, scale_id=scale_values[0], status=ScanStatus.LOCKED,
                   started_by_id=e.assessor_id, locked_at=timezone.now())  # fmt: skip
        for e in enrolments
    )
    low, high = scale_values[1], scale_values[2]
    Rating.objects.bulk_create(
        Rating(scan=scan, ksb_id=ksb, rater_role=role, value=rng.randint(low, high), rated_by_id=who)
        for scan, e in zip(scans, enrolments, strict=True)
        for ksb in ksbs_by_version[e.standard_version_id]
        for role, who in ((RaterRole.LEARNER, e.learner_id), (RaterRole.ASSESSOR, e.assessor_id),
                          (RaterRole.LINE_MANAGER, e.line_manager_id))  # fmt: skip
    )
    items, mapping = [], []
    for e in enrolments:
        days = max((today - e.start_date).days, 1)
        count = min(ITEMS, max(days // 9, 1))
        for n in range(count):
            on = e.start_date + datetime.timedelta(days=rng.randint(0, days - 1))
            status = EvidenceStatus.ACCEPTED if n < count * 0.8 else rng.choice(
                [EvidenceStatus.SUBMITTED, EvidenceStatus.DRAFT, EvidenceStatus.REFERRED])  # fmt: skip
            otj = rng.random() < 0.5
            items.append(EvidenceItem(
                enrolment=e, evidence_type="reflective_account", title=f"Supervision session {n + 1}",
                activity_date=on, account="What happened, what I did and what I learned.", is_off_the_job=otj,
                otj_hours=Decimal(rng.choice([2, 3, 4, 6])) if otj else None, status=status,
                created_by_id=e.learner_id,
            ))  # fmt: skip
            mapping.append(rng.sample(ksbs_by_version[e.standard_version_id], 3))
    items = EvidenceItem.objects.bulk_create(items, batch_size=2000)
    EvidenceItem.ksbs.through.objects.bulk_create(
        (EvidenceItem.ksbs.through(evidenceitem_id=item.pk, ksb_id=k)
         for item, ksbs in zip(items, mapping, strict=True) for k in ksbs), batch_size=5000,
    )  # fmt: skip
    assessed = [(item, ksbs) for item, ksbs in zip(items, mapping, strict=True)
                if item.status in (EvidenceStatus.ACCEPTED, EvidenceStatus.REFERRED)]  # fmt: skip
    now = timezone.now()
    rounds = AssessmentRound.objects.bulk_create(
        (AssessmentRound(item=item, number=1, submitted_by_id=item.created_by_id, submitted_at=now,
                         assessed_by_id=item.enrolment.assessor_id, assessed_at=now,
                         outcome="accepted" if item.status == EvidenceStatus.ACCEPTED else "referred")
         for item, _ in assessed), batch_size=2000,
    )  # fmt: skip
    KSBDecision.objects.bulk_create(
        (KSBDecision(round=r, ksb_id=k, outcome="met" if item.status == EvidenceStatus.ACCEPTED else "not_met")
         for r, (item, ksbs) in zip(rounds, assessed, strict=True) for k in ksbs), batch_size=5000,
    )  # fmt: skip
    OTJLogEntry.objects.bulk_create(
        (OTJLogEntry(enrolment=e, date=e.start_date + datetime.timedelta(days=7 * w), activity="Taught session",
                     hours=Decimal(7), recorded_by_id=e.learner_id)
         for e in enrolments for w in range(0, max((today - e.start_date).days // 7, 0), 2)), batch_size=5000,
    )  # fmt: skip
    ProgressReview.objects.bulk_create(
        (ProgressReview(enrolment=e, held_on=e.start_date + datetime.timedelta(weeks=12 * n),
                        due_by=e.start_date + datetime.timedelta(weeks=12 * n), status=ReviewStatus.SIGNED,
                        created_by_id=e.assessor_id, signed_at=now)
         for e in enrolments for n in range(1, 6) if e.start_date + datetime.timedelta(weeks=12 * n) < today),
        batch_size=2000,
    )  # fmt: skip


def generate_national_data(*, enrolments: int, seed: int = 1, log=print) -> int:
    """Add ``enrolments`` generated apprenticeships; returns how many. Run after ``ksbtracker setup --demo``."""
    rng = random.Random(seed)
    today = timezone.localdate()
    tag = f"{seed}-{Enrolment.objects.count()}"
    versions = list(StandardVersion.objects.filter(reference_number__in=["ST0648", "ST0494"], ksbs__isnull=False)
                    .distinct().order_by("reference_number", "version"))  # fmt: skip
    if not versions:
        raise ValueError("Load the built-in standards first: ksbtracker setup --demo")
    ksbs_by_version = {v.pk: list(v.ksbs.values_list("pk", flat=True)) for v in versions}
    scale = RatingScale.objects.filter(is_default=True).prefetch_related("points").first()
    points = [p.value for p in scale.points.all()]
    scale_values = (scale.pk, min(points), max(points))
    password = make_password(None)  # generated people cannot sign in
    with transaction.atomic():
        providers = _providers(tag)
        employers = Organisation.objects.bulk_create(
            Organisation(name=f"Generated employer {tag}-{i}", kind=OrganisationKind.EMPLOYER) for i in range(EMPLOYERS)
        )  # fmt: skip
        assessors = _users(f"assessor-{tag}", max(enrolments // PER_ASSESSOR, 1), password, rng)
        demo_assessor = User.objects.filter(email=DEMO_ASSESSOR).first()
        if demo_assessor is not None:
            assessors[0] = demo_assessor
        managers = _users(f"manager-{tag}", EMPLOYERS, password, rng)
        learners = _users(f"learner-{tag}", enrolments, password, rng)
        Membership.objects.bulk_create(
            [Membership(user=m, organisation=employers[i], role=Role.LINE_MANAGER) for i, m in enumerate(managers)]
            + [Membership(user=a, organisation=providers[i % PROVIDERS], role=Role.ASSESSOR)
               for i, a in enumerate(assessors) if a is not demo_assessor],
        )  # fmt: skip
    log(f"People and organisations: {len(learners) + len(assessors) + len(managers)} people")
    rule_sets = {}
    made = 0
    for start in range(0, enrolments, BATCH):
        batch = []
        for i in range(start, min(start + BATCH, enrolments)):
            begins = today - datetime.timedelta(days=rng.randint(30, 700))
            employer = i % EMPLOYERS
            version = versions[i % len(versions)]
            batch.append(Enrolment(
                learner=learners[i], standard_version=version, employer=employers[employer],
                provider=providers[(i // PER_ASSESSOR) % PROVIDERS], assessor=assessors[i // PER_ASSESSOR],
                line_manager=managers[employer], start_date=begins,
                planned_end_date=begins + datetime.timedelta(days=rng.choice([548, 730, 913])),
                weekly_hours=Decimal(37), agreed_price=Decimal(12000), funding_rule_set=rule_sets.get(begins) or rule_sets.setdefault(begins, rule_set_for_start(begins)),
            ))  # fmt: skip
        batch = Enrolment.objects.bulk_create(batch)
        _generate_batch(batch, ksbs_by_version, scale_values, today, rng)
        made += len(batch)
        log(f"Enrolments: {made} of {enrolments}")
    ids = [learner.pk for learner in learners]
    with transaction.atomic():
        summarised = refresh_all_progress(Enrolment.objects.filter(learner_id__in=ids))
    log(f"Progress summaries: {summarised}")
    return made
