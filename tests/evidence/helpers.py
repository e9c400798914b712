"""Shared helpers for the evidence tests: item details, and real-looking files of every allowed type."""

import datetime
import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from ksbtracker.evidence.services import EvidenceDetails
from ksbtracker.standards.models import KSB


def ksb(enrolment, code: str) -> KSB:
    return KSB.objects.get(standard_version=enrolment.standard_version, kind=code[0], number=int(code[1:]))


def details(enrolment, *, codes=("K1", "S1"), **overrides) -> EvidenceDetails:
    values = {
        "evidence_type": "reflective_account",
        "title": "Supervision session with a person on probation",
        "activity_date": datetime.date(2025, 10, 1),
        "account": "I planned and led a supervision session and reflected on it with my practice tutor.",
        "is_off_the_job": True,
        "otj_hours": Decimal("2.5"),
        "ksb_ids": [ksb(enrolment, c).pk for c in codes],
    }
    return EvidenceDetails(**(values | overrides))


def zip_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    members = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
    if macros:
        members["word/vbaProject.bin"] = b"\x00\x01"
    return zip_bytes(members)


def pdf_bytes() -> bytes:
    """A real one-page PDF, as pypdf writes it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def doc_bytes() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + b"\x00" * 512 + "WordDocument".encode("utf-16-le") + b"\x00" * 600


SAMPLES = {
    "report.pdf": pdf_bytes(),
    "report.docx": docx_bytes(),
    "report.doc": doc_bytes(),
    "photo.png": b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40,
    "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40,
    "photo.jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40,
    "diagram.gif": b"GIF89a\x01\x00\x01\x00" + b"\x00" * 40,
    "notes.txt": "Notes from supervision – reflections on risk.\n".encode(),
}


def upload(name: str, content: bytes | None = None, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, SAMPLES[name] if content is None else content, content_type=content_type)
