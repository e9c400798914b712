"""``ksbtracker plan-check``: a training plan's funding figures and problems, as JSON."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from ksbtracker.funding.api import rule_set_for_start
from ksbtracker.funding.calculations import PlanCheck, check_plan
from ksbtracker.standards.selectors import standard_version_by_reference

from ._arguments import one_line, parse_date, parse_decimal, parse_whole_number


class Command(BaseCommand):
    help = (
        "Check a training plan against the funding rules for its start date: OTJ minimum, prior learning, "
        "price and duration reductions, and anything that breaks the rules. Prints JSON."
    )
    requires_system_checks = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version is the standard's version; it replaces the command's own --version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="Start date, YYYY-MM-DD.")
        parser.add_argument("--months", required=True, help="Planned duration in months.")
        parser.add_argument(
            "--weekly-hours", help="Contracted hours a week (needed for starts before 1 August 2025)."
        )
        parser.add_argument(
            "--planned-hours", help="OTJ hours planned without prior learning (default: the minimum)."
        )
        parser.add_argument(
            "--prior-learning-hours", default="0", help="OTJ hours recognised as prior learning."
        )
        parser.add_argument("--price", help="Agreed price in pounds, before any prior-learning reduction.")
        parser.add_argument(
            "--band-maximum",
            help="Funding band maximum in pounds (default: the standard's, with --standard).",
        )
        parser.add_argument(
            "--standard",
            help="Standard reference, e.g. ST0648 (with --version): its funding band maximum and the "
            "published minimum OTJ hours for the start date are used.",
        )
        parser.add_argument("--version", dest="standard_version", help="Standard version, e.g. 1.0.")

    def handle(self, *args, **options):
        start_date = parse_date(options["start"], option="--start")
        months = parse_whole_number(str(options["months"]), option="--months")
        figures = {
            name: parse_decimal(None if options[name] is None else str(options[name]), option=option)
            for name, option in (
                ("weekly_hours", "--weekly-hours"),
                ("planned_hours", "--planned-hours"),
                ("prior_learning_hours", "--prior-learning-hours"),
                ("price", "--price"),
                ("band_maximum", "--band-maximum"),
            )
        }
        try:
            plan = check_plan(
                rule_set=rule_set_for_start(start_date),
                start_date=start_date,
                months=months,
                standard_version=self._standard_version(options["standard"], options["standard_version"]),
                **figures,
            )
        except ValidationError as error:
            raise CommandError(one_line(error)) from None
        self.stdout.write(json.dumps(plan_check_json(plan), indent=2, ensure_ascii=False))

    def _standard_version(self, reference: str | None, version: str | None):
        if reference is None and version is None:
            return None
        if not reference or not version:
            raise CommandError(
                "Give both --standard and --version (e.g. --standard ST0648 --version 1.0), or neither."
            )
        try:
            return standard_version_by_reference(reference_number=reference.strip(), version=version.strip())
        except Http404:
            raise CommandError(
                f"No standard {reference} version {version} is stored. Import it first, or leave out --standard."
            ) from None


def plan_check_json(plan: PlanCheck) -> dict:
    """The plan check as JSON-ready values: dates in ISO format, Decimals as JSON numbers."""
    return _json_value(dataclasses.asdict(plan))


def _json_value(value):
    if isinstance(value, dict):
        return {name: _json_value(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
