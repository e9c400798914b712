"""One way in for uploaded files: content checks and the personal-data check for every purpose."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from ksbtracker.personal_data import PersonalDataFound
from ksbtracker.uploads import accept_upload, read_stored_file
from tests.evidence.helpers import SAMPLES, zip_bytes


def _pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if change:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _with_javascript(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )


def _with_embedded_file(writer):
    writer.add_attachment("payload.exe", b"MZ not really a program")


def _refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        accept_upload(SimpleUploadedFile(name, content), "evidence")
    return " ".join(refused.value.messages)


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT


def _stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>", "cannot be read as a PDF"),
        (_pdf(_with_javascript), "contains JavaScript, actions or embedded files"),
        (_pdf(_with_embedded_file), "contains JavaScript, actions or embedded files"),
    ],
)
def test_a_pdf_must_be_a_plain_pdf(media, content, problem):
    assert problem in _refusal("report.pdf", content)
    assert _stored(media) == []


def test_a_real_pdf_is_accepted_and_stored(media):
    accepted = accept_upload(SimpleUploadedFile("report.pdf", _pdf()), "evidence")
    assert accepted.content_type == "application/pdf"
    assert read_stored_file(accepted.stored_name, folder="evidence")[:5] == b"%PDF-"
    assert len(_stored(media)) == 1


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        b"Notes\n\n<a href='javascript:alert(1)'>click</a>",
        b"<?xml version='1.0'?><svg/>",
    ],
)
def test_markup_renamed_to_txt_is_refused(media, content):
    assert "contains web page (HTML or SVG) markup" in _refusal("notes.txt", content)
    assert _stored(media) == []


def test_text_that_compares_numbers_is_still_text():
    accepted = accept_upload(SimpleUploadedFile("notes.txt", b"Risk score 3 < 5, so review in 6 weeks."), "evidence")
    assert accepted.content_type == "text/plain"


def test_a_word_file_that_expands_too_far_is_refused(media, settings):
    settings.OFFICE_MAX_EXPANDED_BYTES = 5 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/padding.bin", b"\0" * (6 * 1024 * 1024))
    bomb = buffer.getvalue()
    assert len(bomb) < 100 * 1024
    assert "expands to more than it should" in _refusal("report.docx", bomb)
    assert _stored(media) == []


def test_a_word_file_with_too_many_parts_is_refused(settings):
    settings.OFFICE_MAX_ENTRIES = 10
    parts = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
    parts |= {f"word/part{n}.xml": "<x/>" for n in range(10)}
    assert "expands to more than it should" in _refusal("report.docx", zip_bytes(parts))
    assert accept_upload(SimpleUploadedFile("report.docx", SAMPLES["report.docx"]), "evidence")


def test_personal_data_in_a_file_name_is_found_for_every_purpose(media):
    for purpose in ("evidence", "prior-learning"):
        with pytest.raises(PersonalDataFound):
            accept_upload(SimpleUploadedFile("Mr_Jones_DOB_01-02-1990.pdf", _pdf()), purpose)
    assert _stored(media) == []
    confirmed = accept_upload(
        SimpleUploadedFile("Mr_Jones_notes.pdf", _pdf()), "evidence", confirmed_personal_data=["Mr Jones"]
    )
    assert [f.text for f in confirmed.confirmed_findings] == ["Mr Jones"]
