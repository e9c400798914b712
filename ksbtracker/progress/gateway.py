"""Gateway readiness, computed live: what stands between the apprentice and end-point assessment."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ksbtracker.funding.apprentice import english_and_maths
from ksbtracker.funding.calculations import add_months
from ksbtracker.plans.models import PlanStatus
from ksbtracker.plans.selectors import plan_outcome

from .otj import OTJPosition, otj_position
from .status import KSBStatus, ksb_statuses

__all__ = ["GatewayCheck", "gateway_readiness", "mandatory_qualifications"]


@dataclass(frozen=True)
class GatewayCheck:
    title: str
    met: bool
    detail: str
    link: str


def mandatory_qualifications(standard_version) -> list[str]:
    """Qualifications the published standard names (for ST0648, the Professional Qualification in Probation)."""
    return [
        q["title"].strip()
        for q in standard_version.source_extra.get("qualifications") or []
        if q.get("title")
    ]


def gateway_readiness(
    enrolment, *, today: datetime.date | None = None, statuses=None, otj: OTJPosition | None = None
):
    today = today or timezone.localdate()
    statuses = statuses if statuses is not None else ksb_statuses(enrolment)
    otj = otj or otj_position(enrolment, today=today)
    progress_url = reverse("enrolment-progress", args=[enrolment.pk])
    not_signed_off = [s.ksb.code for s in statuses if s.status != KSBStatus.SIGNED_OFF]
    checks = [
        GatewayCheck(
            "Every KSB signed off",
            not not_signed_off,
            "All signed off" if not not_signed_off else f"Not yet signed off: {', '.join(not_signed_off)}",
            progress_url + "#ksb-status",
        ),
    ]
    checks += otj_checks(enrolment, otj, progress_url)
    rule_set = enrolment.funding_rule_set
    earliest = add_months(enrolment.start_date, rule_set.minimum_duration_months)
    checks.append(
        GatewayCheck(
            "Minimum duration passed",
            today >= earliest,
            f"{rule_set.minimum_duration_months} months from the start: on or after {earliest:%-d %B %Y}",
            enrolment.get_absolute_url(),
        )
    )
    achieved = {q.title.strip().lower() for q in enrolment.qualifications.all()}
    for title in mandatory_qualifications(enrolment.standard_version):
        checks.append(
            GatewayCheck(
                f"Mandatory qualification: {title}",
                title.lower() in achieved,
                "Recorded" if title.lower() in achieved else "Not recorded yet",
                progress_url + "#qualifications",
            )
        )
    english_maths = english_and_maths(enrolment)
    if english_maths.required or (english_maths.required is None and english_maths.age is not None):
        checks.append(english_and_maths_check(enrolment, english_maths, achieved, progress_url))
    confirmation = getattr(enrolment, "gateway_confirmation", None)
    checks.append(
        GatewayCheck(
            "Line manager's confirmation",
            confirmation is not None,
            f"Confirmed by {confirmation.confirmed_by} on {confirmation.confirmed_at:%-d %B %Y}"
            if confirmation
            else "The line manager has not confirmed readiness yet",
            progress_url + "#gateway",
        )
    )
    return checks


def otj_minimum_to_deliver(enrolment):
    """The least OTJ hours the signed plan's rules need delivered (None without a signed plan)."""
    plan = enrolment.training_plans.filter(status=PlanStatus.SIGNED).order_by("-version").first()
    if plan is None:
        return None
    return plan_outcome(plan, list(plan.items.all())).otj_hours_needed


def otj_checks(enrolment, otj: OTJPosition, progress_url: str) -> list[GatewayCheck]:
    """Planned OTJ hours done; or, where fewer were done but at least the minimum, the employer's statement."""
    detail = f"{otj.done.normalize():f} of {otj.required.normalize():f} hours ({otj.required_source})"
    if otj.required > 0 and otj.done >= otj.required:
        return [GatewayCheck("Off-the-job hours done", True, detail, progress_url + "#otj")]
    minimum = otj_minimum_to_deliver(enrolment) if otj.required > 0 else None
    if minimum is None or otj.done < minimum:
        # With no signed plan and no published minimum there is nothing to have done yet: not met.
        return [GatewayCheck("Off-the-job hours done", False, detail, progress_url + "#otj")]
    statement = getattr(enrolment, "employer_otj_statement", None)
    return [
        GatewayCheck(
            "Off-the-job hours done",
            True,
            f"{detail}: fewer than planned, but at least the minimum of {minimum} hours",
            progress_url + "#otj",
        ),
        GatewayCheck(
            "Employer's statement on fewer OTJ hours than planned",
            statement is not None,
            f"Signed by {statement.signed_by} on {statement.signed_at:%-d %B %Y}"
            if statement
            else "The line manager signs the employer's statement of why fewer hours were done than planned",
            reverse("employer-otj-statement", args=[enrolment.pk]),
        ),
    ]


def english_and_maths_check(enrolment, english_maths, achieved: set[str], progress_url: str) -> GatewayCheck:
    has_english = any("english" in title for title in achieved)
    has_maths = any("maths" in title or "mathematics" in title for title in achieved)
    if english_maths.required is None:
        return GatewayCheck("English and maths", False, english_maths.summary,
                            reverse("enrolment-funding", args=[enrolment.pk]))  # fmt: skip
    missing = [name for name, held in (("English", has_english), ("maths", has_maths)) if not held]
    detail = english_maths.summary + (
        " Recorded." if not missing else f" Not recorded yet: {' and '.join(missing)}."
    )
    return GatewayCheck("English and maths", not missing, detail, progress_url + "#qualifications")
