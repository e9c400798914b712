"""Reading command-line figures: anything unusable becomes a one-line CommandError, never a traceback."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def parse_date(value: str, *, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise CommandError(
            f"{option} must be a real date written YYYY-MM-DD, e.g. 2025-09-01 (got {value!r})."
        ) from None


def parse_decimal(value: str | None, *, option: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value.replace(",", "").strip())
    except InvalidOperation:
        raise CommandError(f"{option} must be a number (got {value!r}).") from None
    if not number.is_finite():
        raise CommandError(f"{option} must be a number (got {value!r}).")
    if number < 0:
        raise CommandError(f"{option} must be 0 or more (got {value}).")
    return number


def parse_whole_number(value: str, *, option: str, minimum: int = 1) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise CommandError(f"{option} must be a whole number (got {value!r}).") from None
    if number < minimum:
        raise CommandError(f"{option} must be {minimum} or more (got {number}).")
    return number


def one_line(error: ValidationError) -> str:
    """A ValidationError's messages joined into one sentence-per-message line."""
    return " ".join(message if message.endswith(".") else message + "." for message in error.messages)
