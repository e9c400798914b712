"""What may be uploaded: its size, its type judged by content (not by name), and what is inside it."""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

from .content import office_problem, pdf_problem, text_problem

__all__ = [
    "ALLOWED_TYPES",
    "CheckedFile",
    "allowed_types_sentence",
    "check_upload",
    "clean_file_name",
    "max_upload_bytes",
    "size_label",
]

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TEXT = "text/plain"

ALLOWED_TYPES = {
    PDF: "PDF",
    DOCX: "Word document (.docx)",
    DOC: "Word 97-2003 document (.doc)",
    PNG: "PNG image",
    JPEG: "JPEG image",
    GIF: "GIF image",
    TEXT: "plain text file",
}
# The name must agree with the content: a file called .pdf must be a PDF.
EXTENSIONS = {
    "pdf": PDF,
    "docx": DOCX,
    "doc": DOC,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "gif": GIF,
    "txt": TEXT,
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_CHUNK = 64 * 1024
_INSIDE_CHECKS = {PDF: pdf_problem, TEXT: text_problem, DOCX: office_problem}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def size_label(size: int) -> str:
    """A size as people read it: 10 MB, 350 KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{max(1, round(size / 1024))} KB"


def allowed_types_sentence() -> str:
    return "PDF, Word (.docx or .doc), PNG, JPEG, GIF or plain text (.txt)"


def clean_file_name(name: str) -> str:
    """The file's own name, without folders or control characters, at most 200 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    name = name.strip().strip(".") or "file"
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 200:
        return stem[: 199 - len(ext)] + "." + ext
    return name[:200]


def _chunks(upload):
    upload.seek(0)
    while chunk := upload.read(_CHUNK):
        yield chunk
    upload.seek(0)


def _is_docx(upload) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    # A .docm carries macros in word/vbaProject.bin: not accepted.
    return "word/document.xml" in names and "word/vbaProject.bin" not in names


def _is_doc(upload) -> bool:
    """An OLE compound file holding a WordDocument stream (its name is in the directory, UTF-16)."""
    tail = b""
    for chunk in _chunks(upload):
        if _WORD_STREAM in tail + chunk:
            return True
        tail = chunk[-len(_WORD_STREAM) :]
    return False


def _is_plain_text(upload) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in _chunks(upload):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_content_type(upload) -> str | None:
    """The allowed type the content really is, from its first bytes (and structure), or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not head:
        return None
    guess = filetype.guess(head)
    if guess is not None and guess.mime in (PDF, PNG, JPEG, GIF):
        return guess.mime
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(upload) else None
    if head.startswith(_OLE_MAGIC):
        return DOC if _is_doc(upload) else None
    if _is_plain_text(upload):
        return TEXT
    return None


def check_upload(upload, *, name: str) -> CheckedFile:
    """Check an uploaded file's size, content and name. Raises ValidationError with a GOV.UK message."""
    limit = max_upload_bytes()
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {size_label(limit)}", code="too_big")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise ValidationError(f"The selected file must be a {allowed_types_sentence()}", code="file_type")
    # Text may begin with anything ("GIF of the week…"), so a .txt file is judged only as text.
    actual = TEXT if expected == TEXT and _is_plain_text(upload) else detect_content_type(upload)
    if actual != expected:
        raise ValidationError(
            f"The selected file is called ‘{name}’ but it is not a real {ALLOWED_TYPES[expected]}. "
            f"Upload a {allowed_types_sentence()}",
            code="content_mismatch",
        )
    inside_check = _INSIDE_CHECKS.get(actual)
    problem = inside_check(upload) if inside_check else None
    if problem:
        raise ValidationError(f"The selected file {problem}", code="content")
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(upload):
        digest.update(chunk)
        size += len(chunk)
    return CheckedFile(content_type=actual, size=size, sha256=digest.hexdigest())
