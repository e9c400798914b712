"""Gateway readiness, computed live: what stands between the apprentice and end-point assessment."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ksbtracker.funding.calculations import add_months

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
        GatewayCheck(
            "Off-the-job hours done",
            # With no signed plan and no published minimum there is nothing to have done yet: not met.
            otj.required > 0 and otj.done >= otj.required,
            f"{otj.done.normalize():f} of {otj.required.normalize():f} hours ({otj.required_source})",
            progress_url + "#otj",
        ),
    ]
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
