"""Odd inputs: encodings, formats, empty, binary, huge and deeply nested files, and the CLI."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hoptac.extraction.commands import register
from hoptac.extraction.extract import extract_file
from hoptac.extraction.reader import ReadError, html_to_text, read_article, read_bytes

SAMPLE = (
    "Ngày 18/9/2023, Đoàn đại biểu tỉnh Savannakhet (Lào) đến thăm và làm việc tại tỉnh Quảng Trị. "
    "Hai tỉnh đã trao đổi 12 đoàn với 240 lượt cán bộ."
)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese word processors wrote it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps typer from collapsing the app to one command
        pass

    return app


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-16-le"),
        unicodedata.normalize("NFD", SAMPLE).encode("utf-8"),
        _cp1258(SAMPLE),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-le-no-bom", "nfd", "cp1258"],
)
def test_encodings_read_to_the_same_text(data: bytes) -> None:
    assert read_bytes(data, ".txt").text == unicodedata.normalize("NFC", SAMPLE)


def test_empty_file_is_an_empty_record(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    record = extract_file(path)
    assert record["source"] == "empty.txt"
    assert all(record[k] == [] for k in ("people", "agreements", "commitments", "events", "figures"))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 50)
    with pytest.raises(ReadError, match="binary"):
        read_article(path)


def test_broken_docx_and_pdf_are_refused(tmp_path: Path) -> None:
    for name, data in (("a.docx", b"PK\x03\x04 not really a zip"), ("a.pdf", b"%PDF-1.4 garbage")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ReadError):
            read_article(path)


def test_docx_is_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for paragraph in SAMPLE.split(". "):
        document.add_paragraph(paragraph.rstrip(".") + ".")
    path = tmp_path / "a.docx"
    document.save(str(path))
    record = extract_file(path)
    assert [e["kind"] for e in record["events"]] == ["visit"]


def test_pdf_is_read(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    # A minimal one-page PDF with a text layer in a standard font (ASCII only, so no embedded font).
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 72 720 Td (Hai tinh da trao doi 12 doan.) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    path = tmp_path / "a.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert "12 doan" in read_article(path).text


def test_html_furniture_is_dropped() -> None:
    html = """<!doctype html><html><head><title>t</title><style>p{}</style>
    <meta property="article:published_time" content="2023-09-19T08:00:00+07:00"></head><body>
    <nav><a>Trang chủ</a><a>Thế giới</a></nav><header>Báo Tin</header>
    <article><h1>Savannakhet thăm Quảng Trị</h1><p>Ngày 18/9, Đoàn đại biểu tỉnh Savannakhet (Lào)
    đến thăm và làm việc tại tỉnh Quảng Trị.</p><figure><img src=x><figcaption>Ảnh: TTXVN</figcaption></figure>
    <script>var x = "Hai tỉnh đạt 99 tỷ đồng";</script></article>
    <div class="related-news"><p>Bài khác: viện trợ 5 tỷ đồng.</p></div>
    <form class="comment-form">Email của bạn</form><footer>Bản quyền</footer></body></html>"""
    raw = html_to_text(html)
    assert raw.published == "2023-09-19"
    assert "đến thăm và làm việc" in raw.text
    for junk in ("Trang chủ", "Báo Tin", "TTXVN", "99 tỷ", "5 tỷ", "Email", "Bản quyền"):
        assert junk not in raw.text


def test_deeply_nested_html_does_not_crash() -> None:
    html = "<div>" * 20000 + "<p>Hai tỉnh đã trao đổi 12 đoàn.</p>" + "</div>" * 20000
    assert "12 đoàn" in html_to_text(html).text


def test_large_file_is_read_in_reasonable_time(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text((SAMPLE + "\n") * 110_000, encoding="utf-8")  # about 20 MB
    assert path.stat().st_size > 19_000_000
    started = time.perf_counter()
    record = extract_file(path)
    assert time.perf_counter() - started < 120
    assert record["events"]  # deduplicated to one visit
    assert len(record["events"]) == 1


def test_cli_writes_files_and_reports_unreadable_ones(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 50)
    out = tmp_path / "out"
    result = CliRunner().invoke(_cli(), ["extract", str(good), str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "bad.txt" in result.output and "Traceback" not in result.output
    record = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert record["schema"] == "cooperation-extract/1"
    assert not (out / "bad.json").exists()


def test_cli_jsonl(tmp_path: Path) -> None:
    paths = []
    for i in range(2):
        path = tmp_path / f"a{i}.txt"
        path.write_text(SAMPLE, encoding="utf-8")
        paths.append(str(path))
    result = CliRunner().invoke(_cli(), ["extract", *paths, "--jsonl"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [json.loads(line)["source"] for line in lines] == ["a0.txt", "a1.txt"]


def test_cli_missing_file_names_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(_cli(), ["extract", str(tmp_path / "nope.txt"), "--jsonl"])
    assert result.exit_code == 1
    assert "nope.txt" in result.output
