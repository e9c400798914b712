"""The GOV.UK date input: three boxes (day, month, year) read into a date, with GOV.UK error wording."""

import datetime


def read_date(data, name: str, label: str) -> tuple[datetime.date | None, tuple[str, str, str], str]:
    """(date or None, the three values as typed, an error message or "")."""
    typed = tuple(data.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year"))
    day, month, year = typed
    if not any(typed):
        return None, typed, f"Enter {label}"
    missing = [part for part, value in zip(("day", "month", "year"), typed, strict=True) if not value]
    if missing:
        return None, typed, f"{label.capitalize()} must include a {' and '.join(missing)}"
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return None, typed, f"{label.capitalize()} must be a real date, for example 27 3 2026"
    try:
        return datetime.date(int(year), int(month), int(day)), typed, ""
    except ValueError:
        return None, typed, f"{label.capitalize()} must be a real date, for example 27 3 2026"


def typed_date(value: datetime.date | None) -> tuple[str, str, str]:
    return (str(value.day), str(value.month), str(value.year)) if value else ("", "", "")
