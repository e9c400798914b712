"""What is inside an uploaded file, beyond its type: things a browser or an office program would run.

- A PDF must parse (pypdf) and hold no JavaScript, launch actions, embedded files or rich media.
- A text file must not hold HTML or SVG markup (it could be opened as a web page).
- A Word (.docx) file, a zip archive, must not expand to more than ``OFFICE_MAX_EXPANDED_BYTES`` or hold
  more than ``OFFICE_MAX_ENTRIES`` entries (a "zip bomb"): checked by the sizes it declares and again by
  counting what really comes out, stopping at the limit.
Each check returns what is wrong, in words for the person, or None.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

__all__ = ["office_problem", "pdf_problem", "text_problem"]

# Keys and values that make a PDF do something rather than show something.
_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA", "/Launch"}
_ACTIVE_VALUES = {"/JavaScript", "/Launch", "/EmbeddedFile", "/FileAttachment", "/RichMedia", "/ImportData"}
_MAX_PDF_OBJECTS = 200_000
_MARKUP = re.compile(
    r"<\s*(?:!doctype|\?xml|html|head|body|script|svg|iframe|frame|object|embed|style|meta|link|img|form"
    r"|math|template|base|a\s)|\bjavascript:",
    re.IGNORECASE,
)
_CHUNK = 64 * 1024


def _is_active(value) -> bool:
    if isinstance(value, DictionaryObject):
        if _ACTIVE_KEYS & set(value.keys()):
            return True
        if any(value.get(key) in _ACTIVE_VALUES for key in ("/S", "/Type", "/Subtype")):
            return True
    return False


def _nested(value):
    """``value`` and the direct objects inside it (indirect ones are visited on their own)."""
    stack = [value]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, DictionaryObject):
            stack.extend(v for v in current.values() if not isinstance(v, IndirectObject))
        elif isinstance(current, ArrayObject):
            stack.extend(v for v in current if not isinstance(v, IndirectObject))


def _all_objects(reader: PdfReader):
    yield reader.trailer
    count = 0
    for generation, numbers in reader.xref.items():
        for number in numbers:
            count += 1
            if count > _MAX_PDF_OBJECTS:
                raise ValueError("Too many objects.")
            yield reader.get_object(IndirectObject(number, generation, reader))
    for number in reader.xref_objStm:
        yield reader.get_object(IndirectObject(number, 0, reader))


def pdf_problem(upload) -> str | None:
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            return "is protected by a password. Upload it without the password"
        if len(reader.pages) == 0:
            return "has no pages"
        for obj in _all_objects(reader):
            if any(_is_active(part) for part in _nested(obj)):
                return "contains JavaScript, actions or embedded files. Save it again as a plain PDF"
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OverflowError, AssertionError):  # fmt: skip
        return "cannot be read as a PDF"
    finally:
        upload.seek(0)
    return None


def text_problem(upload) -> str | None:
    upload.seek(0)
    tail = ""
    try:
        while chunk := upload.read(_CHUNK):
            text = tail + chunk.decode("utf-8", errors="ignore")
            if _MARKUP.search(text):
                return "contains web page (HTML or SVG) markup. Upload plain text, or a PDF"
            tail = text[-32:]
    finally:
        upload.seek(0)
    return None


def office_problem(upload) -> str | None:
    limit, max_entries = settings.OFFICE_MAX_EXPANDED_BYTES, settings.OFFICE_MAX_ENTRIES
    too_big = "expands to more than it should when opened. Save it again, or upload it as a PDF"
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > max_entries:
                return too_big
            if sum(entry.file_size for entry in entries) > limit:
                return too_big
            expanded = 0
            for entry in entries:
                with archive.open(entry) as member:
                    while chunk := member.read(_CHUNK):
                        expanded += len(chunk)
                        if expanded > limit:
                            return too_big
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return "cannot be opened as a Word document"
    finally:
        upload.seek(0)
    return None
