"""Evidence files are judged by what they contain, and the name must agree with the content."""

import pytest
from django.core.exceptions import ValidationError

from ksbtracker import uploads
from ksbtracker.evidence import files

from .helpers import SAMPLES, docx_bytes, upload, zip_bytes


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("report.pdf", uploads.PDF),
        ("report.docx", uploads.DOCX),
        ("report.doc", uploads.DOC),
        ("photo.png", uploads.PNG),
        ("photo.jpg", uploads.JPEG),
        ("photo.jpeg", uploads.JPEG),
        ("diagram.gif", uploads.GIF),
        ("notes.txt", uploads.TEXT),
    ],
)
def test_every_allowed_type_is_recognised_by_its_content(name, content_type):
    checked = uploads.check_upload(upload(name), name=name)
    assert checked.content_type == content_type
    assert checked.size == len(SAMPLES[name])
    assert len(checked.sha256) == 64


def test_the_name_is_not_trusted_a_fake_pdf_is_refused():
    fake = upload("report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    with pytest.raises(ValidationError, match="not a real PDF"):
        uploads.check_upload(fake, name="report.pdf")


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.png", SAMPLES["photo.jpg"]),  # a JPEG called .png
        ("report.docx", b"PK\x03\x04" + b"\x00" * 100),  # a broken zip
        ("report.docx", zip_bytes({"xl/workbook.xml": "<workbook/>"})),  # a spreadsheet called .docx
        ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000),  # OLE, but no Word stream
        ("notes.txt", b"text with a NUL \x00 byte"),
        ("notes.txt", b"\xff\xfe not UTF-8 \xc3\x28"),
        ("notes.txt", SAMPLES["report.pdf"].replace(b"\n", b"\x00")),
    ],
)
def test_content_that_does_not_match_the_name_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(upload(name, content), name=name)
    assert error.value.code == "content_mismatch"


def test_a_word_file_with_macros_is_refused():
    with pytest.raises(ValidationError, match="not a real Word document"):
        uploads.check_upload(upload("report.docx", docx_bytes(macros=True)), name="report.docx")


@pytest.mark.parametrize("name", ["script.exe", "page.html", "drawing.svg", "archive.zip", "noextension"])
def test_other_kinds_of_file_are_refused_with_the_list_of_allowed_types(name):
    with pytest.raises(ValidationError, match="must be a PDF, Word"):
        uploads.check_upload(upload(name, b"plain words"), name=name)


def test_text_that_happens_to_start_like_an_image_is_still_text():
    checked = uploads.check_upload(upload("notes.txt", b"GIF of the week: a reflection"), name="notes.txt")
    assert checked.content_type == uploads.TEXT


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        uploads.check_upload(upload("notes.txt", b""), name="notes.txt")


def test_a_file_over_the_limit_is_refused_with_the_limit_stated(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="smaller than 1 KB"):
        uploads.check_upload(upload("notes.txt", b"a" * 1025), name="notes.txt")
    assert uploads.check_upload(upload("notes.txt", b"a" * 1024), name="notes.txt").size == 1024


def test_the_default_limit_is_10_mb(settings):
    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    assert uploads.size_label(settings.UPLOAD_MAX_BYTES) == "10 MB"


@pytest.mark.parametrize(
    "given, kept",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ("bad\x00name\x07.txt", "badname.txt"),
        ("  .hidden.txt ", "hidden.txt"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_file_names_keep_only_the_name(given, kept):
    assert uploads.clean_file_name(given) == kept


def test_files_are_stored_under_random_names_in_the_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = files.store_file(upload("notes.txt"))
    second = files.store_file(upload("notes.txt"))
    assert first != second and len(first) >= 40
    path = tmp_path / "evidence" / first
    assert files.read_stored_file(first) == SAMPLES["notes.txt"]
    assert path.read_bytes() == SAMPLES["notes.txt"]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    files.delete_stored_file(first)
    assert not path.exists()


@pytest.mark.parametrize("name", ["", "../secret", "a/b", ".hidden"])
def test_stored_paths_refuse_anything_but_a_stored_name(name):
    with pytest.raises(ValueError):
        files.read_stored_file(name)
