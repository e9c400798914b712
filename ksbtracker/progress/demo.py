"""Demo activity so a newcomer sees the product at work: a locked scan, a signed plan, evidence, a review.

Built through the real services, once (skipped when the demo apprentice already has a skills scan).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from ksbtracker.evidence.services import EvidenceDetails, assess_item, create_item, submit_item
from ksbtracker.people.models import Enrolment, User
from ksbtracker.plans.services import (
    create_plan_from_baseline,
    send_plan_for_signing,
    sign_plan,
    update_plan_items,
)
from ksbtracker.reviews.services import (
    send_review_for_signing,
    sign_off_ksbs,
    sign_review,
    start_review,
    update_review,
)
from ksbtracker.scans.selectors import scan_ksbs
from ksbtracker.scans.services import (
    RatingAnswer,
    finish_decisions,
    record_decision,
    save_ratings,
    sign_scan,
    start_scan,
    submit_ratings,
)

from .services import log_otj_hours

__all__ = ["load_demo_activity"]


def _people(*emails):
    return [User.objects.get(email=e) for e in emails]


@transaction.atomic
def load_demo_activity() -> None:
    learner2, assessor2, manager, admin = _people(
        "learner2@example.org", "assessor2@example.org", "manager@example.org", "provider@example.org"
    )
    enrolment = Enrolment.objects.get(learner=learner2)
    if enrolment.skills_scans.exists():
        return
    _locked_baseline(enrolment, learner2, assessor2, manager, admin)
    plan = create_plan_from_baseline(scan=enrolment.skills_scans.get(), actor=admin)
    activities = dict.fromkeys(
        plan.items.values_list("ksb_id", flat=True), "Supervised casework with reflection"
    )
    update_plan_items(plan=plan, actor=admin, hours={}, activities=activities, modules={})
    send_plan_for_signing(plan=plan, actor=admin)
    for person in (learner2, manager, admin):
        sign_plan(plan=plan, actor=person)
    ksbs = {k.code: k for k in scan_ksbs(enrolment.skills_scans.get())}
    accepted = create_item(
        enrolment=enrolment, actor=learner2,
        details=EvidenceDetails(
            evidence_type="reflective_account", title="Reflection on my first risk assessment",
            activity_date=datetime.date(2025, 4, 14),
            account="I gathered information from the police and children's services before completing a risk "
            "assessment, and reflected with my practice tutor on how I weighed protective factors.",
            is_off_the_job=True, otj_hours=Decimal("3"), ksb_ids=[ksbs["K6"].pk, ksbs["S1"].pk, ksbs["S3"].pk],
        ),
    )  # fmt: skip
    submit_item(item=accepted, actor=learner2)
    assess_item(item=accepted, actor=assessor2, decisions={ksbs[c].pk: ("met", "") for c in ("K6", "S1", "S3")},
                feedback="A clear, well-reasoned account.")  # fmt: skip
    waiting = create_item(
        enrolment=enrolment, actor=learner2,
        details=EvidenceDetails(
            evidence_type="direct_observation", title="Observed supervision session",
            activity_date=datetime.date(2025, 6, 2),
            account="My practice tutor observed a supervision session in which I reviewed a sentence plan "
            "with a person on probation and agreed new objectives.",
            is_off_the_job=False, otj_hours=None, ksb_ids=[ksbs["S4"].pk, ksbs["B5"].pk],
        ),
    )  # fmt: skip
    submit_item(item=waiting, actor=learner2)
    log_otj_hours(enrolment=enrolment, actor=learner2, date=datetime.date(2025, 5, 8),
                  activity="Safeguarding adults e-learning", hours=Decimal("2.5"), ksb_ids=[ksbs["K19"].pk])  # fmt: skip
    review = start_review(enrolment=enrolment, actor=assessor2, held_on=datetime.date(2025, 5, 20),
                          otj_hours_done=Decimal("5.5"), otj_hours_expected=Decimal("48"))  # fmt: skip
    update_review(
        review=review, actor=assessor2,
        answers={"progress_against_actions": "Induction completed; first risk assessment done.",
                 "slippage": "Off-the-job hours are behind plan: release for the court placement is booked.",
                 "concerns": "None raised."},
        actions=[{"description": "Complete the court placement week", "owner": "Ben Okafor",
                  "due_on": datetime.date(2025, 7, 31)}],
    )  # fmt: skip
    sign_off_ksbs(enrolment=enrolment, actor=assessor2, ksb_ids=[ksbs["K6"].pk], review=review)
    send_review_for_signing(review=review, actor=assessor2)
    for person in (learner2, assessor2, manager):
        sign_review(review=review, actor=person)
    learner = User.objects.get(email="learner@example.org")
    scan = start_scan(
        enrolment=Enrolment.objects.get(learner=learner), actor=User.objects.get(email="assessor@example.org")
    )
    save_ratings(
        scan=scan,
        actor=learner,
        answers=[RatingAnswer(k.pk, 1) for k in scan_ksbs(scan) if k.kind == "K"][:8],
    )


def _locked_baseline(enrolment, learner, assessor, manager, admin) -> None:
    scan = start_scan(enrolment=enrolment, actor=assessor)
    ksbs = scan_ksbs(scan)
    for person, shift in ((learner, 0), (assessor, 1), (manager, 0)):
        answers = [RatingAnswer(k.pk, min(4, (k.number + shift) % 4)) for k in ksbs]
        save_ratings(scan=scan, actor=person, answers=answers)
        submit_ratings(scan=scan, actor=person)
    for ksb in ksbs:
        if ksb.code == "K4":
            record_decision(scan=scan, actor=admin, ksb_id=ksb.pk, outcome="full",
                            rationale="Covered by a completed criminal justice module (certificate seen).")  # fmt: skip
        elif ksb.code == "K17":
            record_decision(scan=scan, actor=admin, ksb_id=ksb.pk, outcome="part", share_percent=Decimal("50"),
                            rationale="GDPR training from a previous role covers half of this.")  # fmt: skip
        else:
            record_decision(
                scan=scan, actor=admin, ksb_id=ksb.pk, outcome="none", rationale="To be developed."
            )
    finish_decisions(scan=scan, actor=admin)
    for person in (learner, manager, admin):
        sign_scan(scan=scan, actor=person)
