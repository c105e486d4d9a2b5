"""A .docx or .xlsx is refused from its declared sizes before anything expands, and no message names a
Python object (issue 19, finding 6)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core import uploads
from hoptac.extraction.reader import ReadError, read_bytes
from hoptac.imports.reading import read_sheet


def _zip(member: str, size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, b"\0" * size)
    return buffer.getvalue()


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_EXPANDED_BYTES", 4 * 1024 * 1024)


@pytest.mark.parametrize("size", [5 * 1024 * 1024, 3 * 1024 * 1024])  # too big; too compressed
def test_an_upload_that_would_expand_too_far_is_refused(small_limits: None, size: int) -> None:
    bomb = _zip("word/document.xml", size)
    assert len(bomb) < 20_000
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(SimpleUploadedFile("a.docx", bomb))
    message = " ".join(refused.value.messages)
    assert "MB" in message or "zip" in message
    assert "object at" not in message and "<" not in message


def test_the_article_reader_refuses_a_bomb_and_names_no_object(small_limits: None) -> None:
    with pytest.raises(ReadError) as refused:
        read_bytes(_zip("word/document.xml", 5 * 1024 * 1024), ".docx")
    assert "MB" in str(refused.value)
    with pytest.raises(ReadError) as broken:
        read_bytes(b"PK\x03\x04 not really a zip", ".docx")
    assert "object at" not in str(broken.value) and "save it again" in str(broken.value)


def test_the_import_refuses_a_bomb_and_names_no_object(small_limits: None, tmp_path: Path) -> None:
    bomb = tmp_path / "rows.xlsx"
    bomb.write_bytes(_zip("xl/worksheets/sheet1.xml", 5 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        read_sheet(bomb)
    assert "rows.xlsx" in refused.value.messages[0] and "MB" in refused.value.messages[0]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(_zip("xl/workbook.xml", 10))
    with pytest.raises(ValidationError) as unreadable:
        list(read_sheet(broken)[1])
    assert "object at" not in unreadable.value.messages[0] and "<" not in unreadable.value.messages[0]
