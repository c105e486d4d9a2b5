"""Checking uploaded files (agreement texts, source documents): size, real type, and a safe name.

The type is read from the file's first bytes, not trusted from its name or the browser: a PDF must
start like a PDF, a DOCX must be a ZIP holding a Word document, and so on. SVG and HTML are refused
(they can carry scripts). Forms and services call `check_upload()`; models may use `validate_upload`.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = int(float(os.environ.get("HOPTAC_MAX_UPLOAD_MB", "25")) * 1024 * 1024)

# extension → kind; each kind is recognised by its content below.
KINDS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".txt": "txt",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gif": "gif",
    ".webp": "webp",
}
DOCUMENTS = frozenset({"pdf", "docx", "xlsx", "txt"})
IMAGES = frozenset({"png", "jpeg", "gif", "webp"})
ALL = DOCUMENTS | IMAGES
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_filename(name: str, *, max_length: int = 120) -> str:
    """A file name with no folders, no hidden dot, no control or shell characters ("../../x y.pdf" → "x_y.pdf")."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip("._-")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"\.+", ".", stem).strip("._-") or "file"
    ext = ext.lower()[:10]
    keep = max_length - (len(ext) + 1 if ext else 0)
    return f"{stem[:keep]}.{ext}" if ext else stem[:max_length]


def _head(file: Any, size: int = 2048) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head if isinstance(head, bytes) else head.encode()


# A .docx or .xlsx is a zip: what its members expand to is read from its directory before anything is
# expanded (zipfile never expands a member past the size the directory declares), so a small file
# that would expand to gigabytes is refused at once.
MAX_EXPANDED_BYTES = int(float(os.environ.get("HOPTAC_MAX_EXPANDED_MB", "200")) * 1024 * 1024)
MAX_RATIO = 200  # text and XML compress ~10×; a ratio in the hundreds is a bomb, not a document
MAX_MEMBERS = 10_000


def zip_problem(archive: zipfile.ZipFile) -> str | None:
    """Why this zip (a .docx or .xlsx) must not be expanded, or None when its declared sizes are sane."""
    members = archive.infolist()
    expanded = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS:
        return _("the file holds %(count)s parts: at most %(max)s are accepted") % {
            "count": len(members),
            "max": MAX_MEMBERS,
        }
    if expanded > MAX_EXPANDED_BYTES:
        return _("the file would expand to %(size)s MB: at most %(max)s MB is accepted") % {
            "size": f"{expanded / 1048576:.0f}",
            "max": f"{MAX_EXPANDED_BYTES / 1048576:.0f}",
        }
    if any(m.file_size > MAX_RATIO * max(m.compress_size, 1) + 1024 * 1024 for m in members):
        return _("the file is compressed far more than any document is (a 'zip bomb'?): it is not accepted")
    return None


def check_zip(data: Any, field: str = "file") -> None:
    """Raise ValidationError naming `field` when a zip-based file (bytes or a file) is unsafe to expand."""
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    position = source.tell()
    try:
        source.seek(0)
        with zipfile.ZipFile(source) as archive:
            problem = zip_problem(archive)
    except (zipfile.BadZipFile, OSError, ValueError):
        problem = _("the file is not a readable .docx or .xlsx (a damaged zip): save it again and retry")
    finally:
        source.seek(position)
    if problem:
        raise ValidationError({field: [problem]})


def _zip_holds(file: Any, member: str) -> bool:
    position = file.tell()
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(position)


def _content_is(kind: str, file: Any, head: bytes) -> bool:
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "docx":
        return head.startswith(b"PK\x03\x04") and _zip_holds(file, "word/document.xml")
    if kind == "xlsx":
        return head.startswith(b"PK\x03\x04") and _zip_holds(file, "xl/workbook.xml")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if kind == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind == "txt":
        if b"\x00" in head:
            return False
        lowered = head.lstrip().lower()
        return not lowered.startswith((b"<!doctype html", b"<html", b"<svg", b"<?xml"))
    return False


def check_upload(file: Any, *, allowed: frozenset[str] = ALL, field: str = "file") -> str:
    """The kind of an uploaded file (pdf, docx, xlsx, txt, png …); ValidationError naming `field` if refused."""
    name = str(getattr(file, "name", "") or "")
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
    if not size:
        raise ValidationError({field: [_("the file is empty: choose the file again")]})
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                field: [
                    _("the file is %(size)s MB: at most %(max)s MB is accepted")
                    % {"size": f"{size / 1048576:.1f}", "max": f"{MAX_UPLOAD_BYTES / 1048576:.0f}"}
                ]
            }
        )
    ext = os.path.splitext(name.lower())[1]
    kind = KINDS.get(ext)
    accepted = ", ".join(sorted({e for e, k in KINDS.items() if k in allowed}))
    if kind is None or kind not in allowed:
        raise ValidationError(
            {
                field: [
                    _("'%(ext)s' files are not accepted: use %(accepted)s")
                    % {"ext": ext or name, "accepted": accepted}
                ]
            }
        )
    if kind in ("docx", "xlsx"):
        check_zip(file, field)
    if not _content_is(kind, file, _head(file)):
        raise ValidationError(
            {
                field: [
                    _("this file is named %(ext)s but is not a real %(kind)s file: check it opens")
                    % {"ext": ext, "kind": kind.upper()}
                ]
            }
        )
    return kind


def validate_upload(file: Any) -> None:
    """Django field validator: check_upload with every accepted kind."""
    try:
        check_upload(file)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict["file"]) from None
