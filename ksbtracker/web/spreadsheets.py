"""CSV and XLSX downloads of a table: CSV streams row by row, XLSX is written in openpyxl's write-only mode.

Numbers and dates stay numbers and dates in the spreadsheet; text that a spreadsheet would run as a formula
is made safe.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse

from .downloads import attachment_disposition

__all__ = ["table_download", "cell_value", "cell_text", "shown"]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(
    *, file_format: str, name: str, sheet_title: str, labels: list[str], rows: Iterable[list], notes=()
):
    """A private, not cached download of ``rows`` (lists of values) under ``labels``, as CSV or XLSX.

    In XLSX the header row stays in view, and ``notes`` (such as the filters used) go on a sheet of their own.
    """
    filename = f"{name}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(_csv_lines(labels, rows), content_type="text/csv; charset=utf-8")
    else:
        response = FileResponse(_xlsx(sheet_title, labels, rows, notes), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Echo:
    def write(self, value):
        return value


def _csv_lines(labels, rows):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(labels)
    for row in rows:
        yield writer.writerow([cell_text(value) for value in row])


def _xlsx(sheet_title: str, labels, rows, notes=()):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    sheet.append(labels)
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    if notes:
        about = book.create_sheet("Notes")
        for note in notes:
            about.append([_safe_text(note)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    book.save(handle)
    handle.seek(0)
    return handle


def cell_value(value):
    """Numbers and dates stay numbers and dates in the spreadsheet; text is made safe from formulas."""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, (datetime.date, int)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return _safe_text(shown(value))


def cell_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _safe_text(shown(value))


def shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _safe_text(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
