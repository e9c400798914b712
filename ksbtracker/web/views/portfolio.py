"""The apprentice's portfolio as one PDF for an audit: the signed scan and plan, the evidence index by KSB, the
off-the-job log with totals, the progress reviews with their signatures and the gateway checklist.

The signed scan and plan are the same print templates as their own PDFs (``pdf_documents``); the rest is
``pdf/portfolio.html``. Each part is laid out by WeasyPrint and the pages are joined into one file.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET
from weasyprint import HTML

from ksbtracker.audit.api import record_change
from ksbtracker.evidence.selectors import enrolment_ksbs, portfolio_items
from ksbtracker.people.access import enrolment_for_user, enrolments_visible_to
from ksbtracker.plans.models import PlanStatus
from ksbtracker.progress.gateway import gateway_readiness
from ksbtracker.progress.otj import otj_position
from ksbtracker.reviews.services import review_content
from ksbtracker.scans.models import ScanStatus
from ksbtracker.signing.api import content_fingerprint, verify_record
from ksbtracker.web.downloads import attachment_disposition
from ksbtracker.web.pdf_documents import plan_document, scan_document

from .enrolments import ENROLMENT_RELATED


def _signed_documents(enrolment) -> list:
    """The latest locked skills scan and signed training plan, as their own PDFs print them."""
    scan = (
        enrolment.skills_scans.filter(status=ScanStatus.LOCKED)
        .select_related("enrolment__learner", "scale").order_by("-locked_at", "-pk").first()
    )  # fmt: skip
    plan = (
        enrolment.training_plans.filter(status=PlanStatus.SIGNED)
        .select_related("enrolment__learner").order_by("-version").first()
    )  # fmt: skip
    return [scan and scan_document(scan), plan and plan_document(plan)]


def _evidence_index(enrolment) -> list[tuple]:
    """Each KSB of the standard with the evidence items mapped to it (a fixed number of queries)."""
    items = portfolio_items(enrolment)
    by_ksb: dict[int, list] = {}
    for item in items:
        for ksb in item.ksbs.all():
            by_ksb.setdefault(ksb.pk, []).append(item)
    return [(ksb, by_ksb.get(ksb.pk, [])) for ksb in enrolment_ksbs(enrolment)]


def _reviews(enrolment) -> list[dict]:
    """Each review, oldest first, with its signatures checked as the review page checks them."""
    reviews = enrolment.progress_reviews.prefetch_related("actions").order_by("held_on", "pk")
    shown = []
    for review in reviews:
        content = review_content(review)
        shown.append({"review": review, "signatures": verify_record(review, content),
                      "current_hash": content_fingerprint(content)})  # fmt: skip
    return shown


def portfolio_context(enrolment) -> dict:
    otj = otj_position(enrolment)
    return {
        "enrolment": enrolment,
        "evidence_index": _evidence_index(enrolment),
        "otj": otj,
        "otj_log": list(enrolment.otj_log.prefetch_related("ksbs").order_by("date", "pk")),
        "reviews": _reviews(enrolment),
        "checks": gateway_readiness(enrolment, otj=otj),
    }


def portfolio_pdf_bytes(enrolment) -> bytes:
    """The portfolio's own pages first (its title names the file), then the signed scan and plan as printed."""
    printed_at = timezone.localtime()
    parts = [("pdf/portfolio.html", portfolio_context(enrolment))]
    parts += [(d.template, d.context) for d in _signed_documents(enrolment) if d is not None]
    rendered = [
        HTML(string=render_to_string(template, {**context, "printed_at": printed_at}), base_url=None).render()
        for template, context in parts
    ]
    return rendered[0].copy([page for document in rendered for page in document.pages]).write_pdf()


@require_GET
@login_required
def portfolio_pdf(request, enrolment_id: int):
    """Everything an auditor asks for about one apprentice, for anyone who may open the apprenticeship."""
    enrolment = enrolment_for_user(
        request.user, enrolment_id, queryset=enrolments_visible_to(request.user).select_related(
            *ENROLMENT_RELATED, "funding_rule_set"
        ),
    )  # fmt: skip
    data = portfolio_pdf_bytes(enrolment)
    record_change(
        actor=request.user, action="enrolment.portfolio_downloaded", instance=enrolment,
        after={"file": "portfolio PDF", "bytes": len(data)},
    )  # fmt: skip
    response = HttpResponse(data, content_type="application/pdf")
    name = f"portfolio-{enrolment.learner.full_name.replace(' ', '-')}.pdf"
    response["Content-Disposition"] = attachment_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
