"""The figures a provider returns per apprenticeship (learner data return and apprenticeship service): one row
per enrolment, from the signed plan's funding outcome, the OTJ hours done and the returned figures.

Rows are built in chunks with a fixed number of queries per chunk, so an export of any size streams.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ksbtracker.evidence.models import EvidenceItem, EvidenceStatus
from ksbtracker.funding.calculations import PlanCheck, check_plan
from ksbtracker.funding.models import PublishedOTJMinimum
from ksbtracker.funding.outcome import PublishedMinimum
from ksbtracker.funding.returns import field_names, funding_year_dates
from ksbtracker.plans.models import PlanStatus, TrainingPlan
from ksbtracker.plans.selectors import whole_months

from .models import OTJLogEntry

__all__ = ["COLUMNS", "ReturnRow", "column_labels", "in_funding_year", "return_rows"]

ZERO = Decimal("0")
CHUNK = 200


@dataclass(frozen=True)
class ReturnRow:
    enrolment_id: int
    apprentice: str
    standard: str
    rule_set: str
    uln: str
    start_date: datetime.date
    planned_end_date: datetime.date
    planned_hours: Decimal | None
    hours_removed: Decimal
    actual_hours: Decimal
    tnp1: Decimal | None
    tnp2: Decimal | None
    duration_reduced: bool
    duration_reduction_weeks: int
    total_price_reduction: Decimal
    returned: bool
    notes: list[str]


# (attribute, label; a label in braces is the year's field name for the hours)
COLUMNS = [
    ("uln", "ULN"),
    ("apprentice", "Apprentice"),
    ("standard", "Standard"),
    ("start_date", "Start date"),
    ("planned_end_date", "Planned end date"),
    ("planned_hours", "{planned} planned OTJ hours"),
    ("hours_removed", "{removed} OTJ hours removed for prior learning"),
    ("actual_hours", "{actual} actual OTJ hours to date"),
    ("tnp1", "TNP1 training price"),
    ("tnp2", "TNP2 end-point assessment price"),
    ("duration_reduced", "Duration reduced"),
    ("duration_reduction_weeks", "Duration reduced by, weeks"),
    ("total_price_reduction", "Total price reduction (£)"),
    ("returned", "Planned figures returned"),
    ("rule_set", "Funding rules"),
    ("notes", "To fix before returning"),
]


def column_labels(year: int) -> list[str]:
    names = field_names(year)
    return [label.format(**names).strip() for _, label in COLUMNS]


def in_funding_year(enrolments: QuerySet, year: int) -> QuerySet:
    """Enrolments in learning at some time in the funding year (1 August to 31 July)."""
    first, last = funding_year_dates(year)
    return enrolments.filter(start_date__lte=last, planned_end_date__gte=first)


def return_rows(enrolments: QuerySet) -> Iterator[ReturnRow]:
    """One row per enrolment, in chunks: the queries per chunk do not grow with the number of rows."""
    rows = _with_figures(enrolments).iterator(chunk_size=CHUNK)
    while batch := list(islice(rows, CHUNK)):
        minimums = _published_minimums(batch)
        for enrolment in batch:
            yield return_row(enrolment, minimums)


def return_row(enrolment, minimums: dict | None = None) -> ReturnRow:
    """The row for one enrolment fetched with ``_with_figures`` (or any enrolment, at a few queries' cost)."""
    if not hasattr(enrolment, "signed_plans"):
        enrolment = _with_figures(type(enrolment).objects.filter(pk=enrolment.pk)).get()
    details = getattr(enrolment, "funding_details", None)
    returned = getattr(enrolment, "returned_figures", None)
    plan = enrolment.signed_plans[0] if enrolment.signed_plans else None
    try:
        outcome = _outcome(enrolment, plan, minimums) if plan else None
    except ValidationError as error:  # figures the rules cannot work with: say so on the row
        outcome, plan_notes = None, [" ".join(error.messages)]
    else:
        plan_notes = list(outcome.problems) if outcome else ["No signed training plan yet."]
    notes = plan_notes
    band = enrolment.standard_version.max_funding
    if outcome and outcome.maximum_price is not None:
        total = outcome.maximum_price
    else:
        total = min(enrolment.agreed_price, Decimal(band)) if band is not None else enrolment.agreed_price
    tnp2 = details.epa_price if details else None
    if not (details and details.uln):
        notes.append("Record the ULN.")
    if tnp2 is None:
        notes.append("Record the end-point assessment price (TNP2).")
    planned_end = outcome.new_planned_end_date if outcome else enrolment.planned_end_date
    planned_hours = outcome.planned_hours_after_prior_learning if outcome else None
    return ReturnRow(
        enrolment_id=enrolment.pk,
        apprentice=enrolment.learner.full_name,
        standard=f"{enrolment.standard_version.reference_number} v{enrolment.standard_version.version}",
        rule_set=enrolment.funding_rule_set.name,
        uln=details.uln if details else "",
        start_date=enrolment.start_date,
        planned_end_date=returned.planned_end_date if returned else planned_end,
        planned_hours=returned.planned_hours if returned else planned_hours,
        hours_removed=outcome.prior_learning_hours if outcome else ZERO,
        actual_hours=enrolment.otj_from_evidence + enrolment.otj_from_log,
        tnp1=None if tnp2 is None else total - tnp2,
        tnp2=tnp2,
        duration_reduced=bool(outcome and outcome.duration_reduction_weeks),
        duration_reduction_weeks=outcome.duration_reduction_weeks if outcome else 0,
        total_price_reduction=(outcome.minimum_price_reduction or ZERO) if outcome else ZERO,
        returned=returned is not None,
        notes=notes,
    )


def _with_figures(enrolments: QuerySet) -> QuerySet:
    hours = DecimalField(max_digits=10, decimal_places=2)
    evidence = (
        EvidenceItem.objects.filter(enrolment=OuterRef("pk"), is_off_the_job=True)
        .exclude(status=EvidenceStatus.DRAFT)
        .values("enrolment")
        .annotate(total=Sum("otj_hours"))
        .values("total")
    )
    log = (
        OTJLogEntry.objects.filter(enrolment=OuterRef("pk"))
        .values("enrolment")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    signed = (
        TrainingPlan.objects.filter(status=PlanStatus.SIGNED).order_by("-version").prefetch_related("items")
    )
    return (
        enrolments.select_related(
            "learner", "standard_version", "funding_rule_set", "funding_details", "returned_figures"
        )
        .annotate(
            otj_from_evidence=Coalesce(
                Subquery(evidence, output_field=hours), Value(ZERO), output_field=hours
            ),
            otj_from_log=Coalesce(Subquery(log, output_field=hours), Value(ZERO), output_field=hours),
        )
        .prefetch_related(Prefetch("training_plans", queryset=signed, to_attr="signed_plans"))
        .order_by("start_date", "pk")
    )


def _published_minimums(batch: Iterable) -> dict[tuple[str, str], list[PublishedOTJMinimum]]:
    keys = {(e.standard_version.reference_number.upper(), e.standard_version.version) for e in batch}
    condition = Q(pk__in=[])
    for reference, version in keys:
        condition |= Q(reference_number__iexact=reference, version=version)
    found: dict[tuple[str, str], list[PublishedOTJMinimum]] = {}
    for row in PublishedOTJMinimum.objects.filter(condition).order_by("-effective_from"):
        found.setdefault((row.reference_number.upper(), row.version), []).append(row)
    return found


def _outcome(enrolment, plan, minimums: dict | None) -> PlanCheck:
    standard = enrolment.standard_version
    extra = {}
    if minimums is not None:
        rows = minimums.get((standard.reference_number.upper(), standard.version), [])
        start = enrolment.start_date
        row = next(
            (
                r
                for r in rows
                if r.effective_from <= start and (r.effective_to is None or r.effective_to >= start)
            ),
            None,
        )
        extra["published_minimum"] = None if row is None else PublishedMinimum(
            hours=row.minimum_hours, effective_from=row.effective_from, effective_to=row.effective_to, source=row.source
        )  # fmt: skip
    return check_plan(
        rule_set=enrolment.funding_rule_set,
        start_date=enrolment.start_date,
        months=whole_months(enrolment.start_date, enrolment.planned_end_date),
        weekly_hours=enrolment.weekly_hours,
        planned_hours=plan.required_hours,
        prior_learning_hours=sum((i.prior_learning_hours for i in plan.items.all()), ZERO),
        price=enrolment.agreed_price,
        standard_version=standard,
        **extra,
    )
