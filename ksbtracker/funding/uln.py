"""The unique learner number (ULN): 10 digits whose check digit makes the weighted sum right."""

from __future__ import annotations

from django.core.exceptions import ValidationError

__all__ = ["is_valid_uln", "validate_uln"]


def is_valid_uln(value: str) -> bool:
    """10 digits, weighted 10, 9, … 1; the weighted sum mod 11 is 10 (e.g. 9276308686)."""
    if len(value) != 10 or not value.isascii() or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(digit) * weight for digit, weight in zip(value, range(10, 0, -1), strict=True)) % 11 == 10


def validate_uln(value: str) -> None:
    digits = (value or "").replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        raise ValidationError("The ULN must be 10 digits, like 9276308686", code="uln_length")
    if not is_valid_uln(digits):
        raise ValidationError("The ULN is not a real ULN: check each digit (its check digit does not match)",
                              code="uln_check")  # fmt: skip
