"""Uploads: size limit, content checked against the name, safe file names."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core import uploads
from hoptac.core.uploads import DOCUMENTS, check_upload, safe_filename, validate_upload


def _zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<x/>")
        archive.writestr("[Content_Types].xml", "<x/>")
    return buffer.getvalue()


GOOD = {
    "ban-ghi-nho.pdf": b"%PDF-1.7\n...",
    "bien-ban.docx": _zip("word/document.xml"),
    "so-lieu.xlsx": _zip("xl/workbook.xml"),
    "ghi-chu.txt": "Hội nghị sơ kết ngày 12/12/2024".encode(),
    "anh.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
    "anh.JPG": b"\xff\xd8\xff\xe0" + b"\x00" * 20,
    "anh.gif": b"GIF89a" + b"\x00" * 20,
    "anh.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
}


@pytest.mark.parametrize(("name", "content"), GOOD.items())
def test_real_files_are_accepted(name: str, content: bytes) -> None:
    kind = check_upload(SimpleUploadedFile(name, content))
    assert kind in uploads.ALL


@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "not accepted"),
        ("trang.html", b"<html><script>alert(1)</script>", "not accepted"),
        ("hinh.svg", b"<svg onload=alert(1)>", "not accepted"),
        ("gia.pdf", b"<html><script>alert(1)</script>", "not a real PDF"),
        ("gia.docx", _zip("xl/workbook.xml"), "not a real DOCX"),
        ("gia.png", b"GIF89a", "not a real PNG"),
        ("trang.txt", b"<!DOCTYPE html><script>", "not a real TXT"),
        ("nhi-phan.txt", b"abc\x00def", "not a real TXT"),
        ("rong.pdf", b"", "empty"),
        ("khong-duoi", b"%PDF-1.4", "not accepted"),
    ],
)
def test_bad_files_are_refused_with_a_message(name: str, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content))
    assert message in caught.value.message_dict["file"][0]


@pytest.mark.usefixtures("english_messages")
def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1024)
    with pytest.raises(ValidationError, match="at most"):
        check_upload(SimpleUploadedFile("lon.pdf", b"%PDF-" + b"x" * 2000))


def test_images_can_be_refused_where_only_documents_belong() -> None:
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("anh.png", GOOD["anh.png"]), allowed=DOCUMENTS, field="files[0]")
    assert ".docx, .pdf, .txt, .xlsx" in caught.value.message_dict["files[0]"][0]


def test_field_validator() -> None:
    validate_upload(SimpleUploadedFile("a.pdf", GOOD["ban-ghi-nho.pdf"]))
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("a.pdf", b"nope"))


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/Biên bản ký kết.PDF", "Biên_bản_ký_kết.pdf"),
        (".htaccess", "htaccess"),
        ("a\x00b\nc.txt", "abc.txt"),
        ("<script>.pdf", "script.pdf"),
        ("..", "file"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_safe_filenames(given: str, safe: str) -> None:
    assert safe_filename(given) == safe
    assert "/" not in safe_filename(given) and "\\" not in safe_filename(given)
