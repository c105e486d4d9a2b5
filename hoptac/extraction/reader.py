"""Reading an article file (.txt in any encoding, .html, .docx, .pdf) into plain normalised text."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from hoptac.core.uploads import zip_problem

from .normalize import normalize_text

MAX_BYTES = 64 * 1024 * 1024  # beyond this a file is not an article
VIETNAMESE_CHARS = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


class ReadError(Exception):
    """An input that cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class RawArticle:
    """The text of one article and what the file itself says about its date."""

    text: str
    published: str | None = None


def _vietnamese_score(text: str) -> float:
    """Share of letters that are Vietnamese-specific: high for a right guess of the encoding."""
    sample = unicodedata.normalize("NFC", text[:20000]).lower()
    letters = sum(1 for ch in sample if ch.isalpha())
    if not letters:
        return 0.0
    # Letters outside the Vietnamese alphabet (ð, þ, ñ, ä …) and control characters mean a wrong guess.
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd"
        or "\x80" <= ch <= "\x9f"
        or (ch.isalpha() and not ch.isascii() and ch not in VIETNAMESE_CHARS)
        or unicodedata.combining(ch)
    )
    return (sum(1 for ch in sample if ch in VIETNAMESE_CHARS) - 3 * bad) / letters


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05


def decode_bytes(data: bytes) -> str:
    """Bytes of a text file to str: BOMs, UTF-8, UTF-16 without BOM, Windows-1258 and what
    charset-normalizer guesses, whichever reads most like Vietnamese."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise ReadError(f"starts with a {enc} byte-order mark but is not {enc}: {exc}") from exc
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: every other byte of Latin text is 0.
        enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise ReadError("looks like a binary file, not text")
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200000]).best()
        if best is not None and best.encoding:
            candidates.append(best.encoding)
    except Exception:  # charset-normalizer is a guess; a failure here only loses one candidate
        pass
    candidates += ["cp1258", "cp1252"]
    decoded = []
    for enc in dict.fromkeys(candidates):
        try:
            decoded.append(data.decode(enc, errors="replace"))
        except LookupError:
            continue
    return max(decoded, key=_vietnamese_score)


# HTML: containers whose whole content is page furniture.
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "figcaption",
    "button",
    "select",
    "template",
    "object",
    "head",
    "menu",
}
_SKIP_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|footer|header|sidebar|related|relate|comments?|"
    r"share|social|tags?|widget|banner|ads?|advert\w*|popular|most-read|read-more|other-news|"
    r"tin-lien-quan|caption|login|subscribe|newsletter|copyright|author)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "figure",
    "main",
    "td",
}
_VOID = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}
_DATE_META = {"article:published_time", "pubdate", "publishdate", "date", "dc.date.issued", "datepublished"}


class _TextParser(HTMLParser):
    """Collects body text, skipping furniture containers; no recursion, so any nesting depth is fine."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.published: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key in _DATE_META and values.get("content") and not self.published:
                self.published = _iso_from_meta(values["content"] or "")
            return
        if tag == "time" and values.get("datetime") and not self.published:
            self.published = _iso_from_meta(values["datetime"] or "")
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in _VOID:
            if tag == "br":
                self.parts.append("\n")
            return
        marker = " ".join(v for k, v in attrs if k in ("class", "id", "role") and v)
        if tag in _SKIP_TAGS or (marker and _SKIP_CLASS.search(marker)):
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_tag is None:
            self.parts.append(data.replace("\n", " "))


def _iso_from_meta(value: str) -> str | None:
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None


def html_to_text(html: str) -> RawArticle:
    """Article text of an HTML page without menus, headers, footers, scripts, related lists or forms."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser gives up on some broken markup
        raise ReadError(f"cannot parse the HTML: {exc}") from exc
    return RawArticle(normalize_text("".join(parser.parts)), parser.published)


def _read_docx(data: bytes) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise ReadError("python-docx is not installed") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problem = zip_problem(archive)
        if problem:
            raise ReadError(problem)
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        # python-docx's messages name Python objects; the reader needs to know what to do.
        raise ReadError(
            "not a readable .docx file: open it in Word or LibreOffice and save it again"
        ) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n\n".join(lines)


def _read_pdf(data: bytes) -> str:
    try:
        import pypdf
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise ReadError("pypdf is not installed") from exc
    try:
        pdf = pypdf.PdfReader(io.BytesIO(data))
        if pdf.is_encrypted and not pdf.decrypt(""):
            raise ReadError("the PDF is encrypted")
        pages = [page.extract_text() or "" for page in pdf.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        raise ReadError("not a readable PDF: open it and print or export it to PDF again") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReadError("the PDF has no text layer (scanned images need OCR)")
    return text


def read_bytes(data: bytes, suffix: str) -> RawArticle:
    """Turn a file's bytes into an article, choosing the reader by suffix and by content."""
    suffix = suffix.lower()
    if len(data) > MAX_BYTES:
        raise ReadError(f"too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    if not data.strip():
        return RawArticle("")
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return RawArticle(normalize_text(_read_pdf(data)))
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return RawArticle(normalize_text(_read_docx(data)))
    text = decode_bytes(data)
    head = text[:2048].lstrip().lower()
    if suffix in (".html", ".htm", ".xhtml") or head.startswith(("<!doctype html", "<html")):
        return html_to_text(text)
    return RawArticle(normalize_text(text))


def read_article(path: Path) -> RawArticle:
    """Read one file; raises ReadError naming what is wrong (not the file: callers add that)."""
    try:
        if path.is_dir():
            raise ReadError("is a directory")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from exc
    return read_bytes(data, path.suffix)
