import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from hoptac.reports.renderers import render
from hoptac.reports.tests.test_services import REVIEW_FIGURES


def _docx_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_docx_follows_the_official_layout(report: Any) -> None:
    document = Document(io.BytesIO(render(report, "docx")))
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1) and section.page_height.mm == pytest.approx(
        297, abs=0.1
    )
    assert [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    assert document.styles["Normal"].font.name == "Times New Roman"

    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.split("\n") == ["UBND TỈNH KON TUM", "SỞ NGOẠI VỤ", "", "Số: 05/BC-SNgV"]
    assert right.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "Kon Tum, ngày 05 tháng 01 năm 2025" in right
    issuer = header.rows[0].cells[0].paragraphs[1].runs[0]
    parent = header.rows[0].cells[0].paragraphs[0].runs[0]
    assert issuer.bold and not parent.bold
    date = header.rows[0].cells[1].paragraphs[-1].runs[0]
    assert date.italic

    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN",
        "II. KHÓ KHĂN, HẠN CHẾ",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        paragraph = next(p for p in document.paragraphs if p.text == heading)
        assert paragraph.runs[0].bold
    body = next(p for p in document.paragraphs if p.text.startswith("Trong kỳ báo cáo"))
    assert body.style.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)

    signature = document.tables[1]
    recipients, signer = (cell.text for cell in signature.rows[0].cells)
    assert recipients.startswith("Nơi nhận:") and recipients.rstrip().split("\n")[-1].startswith("- Lưu: VT")
    assert "KT. GIÁM ĐỐC" in signer and signer.rstrip().endswith("Nguyễn Văn An")
    nhan = signature.rows[0].cells[0].paragraphs[0].runs[0]
    assert nhan.bold and nhan.italic and nhan.font.size.pt == 12

    text = _docx_text(document)
    for figure in REVIEW_FIGURES:
        assert figure in text, figure


def test_docx_annex_tables_hold_the_numbers(report: Any) -> None:
    document = Document(io.BytesIO(render(report, "docx")))
    tables = {t.rows[0].cells[0].text + "|" + t.rows[0].cells[1].text: t for t in document.tables[2:]}
    figures = next(t for k, t in tables.items() if k == "STT|Lĩnh vực")
    values = {row.cells[2].text: row.cells[3].text for row in figures.rows[1:]}
    assert values["Lượt người xuất nhập cảnh"] == "215.414"
    assert values["Kim ngạch xuất nhập khẩu"] == "687,4 triệu USD"
    reviews = next(
        t for t in document.tables if t.rows[0].cells[-1].text == "Ghi chú" and len(t.columns) == 6
    )
    rows = [[c.text for c in row.cells] for row in reviews.rows[1:]]
    assert ["2027", "Sê Kông", "Dự kiến"] in [r[2:5] for r in rows]
    assert len(document.inline_shapes) == len(report.charts) >= 2


def test_xlsx_stores_numbers_as_numbers(report: Any) -> None:
    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert {"Báo cáo", "Số liệu", "Cam kết", "Hoạt động", "Sơ kết - tổng kết", "Số liệu chi tiết"} <= set(
        workbook.sheetnames
    )
    sheet = workbook["Số liệu"]
    assert sheet.freeze_panes == "A3"
    assert [c.value for c in sheet[2]][:4] == ["STT", "Lĩnh vực", "Chỉ tiêu", "Giá trị"]
    assert sheet.column_dimensions["C"].width > 20
    values = {row[2].value: row[3] for row in sheet.iter_rows(min_row=3)}
    crossings = values["Lượt người xuất nhập cảnh"]
    assert (
        crossings.value == 215414 and isinstance(crossings.value, int) and crossings.number_format == "#,##0"
    )
    trade = values["Kim ngạch xuất nhập khẩu"]
    assert trade.value == 687_400_000 and "USD" in trade.number_format
    commitments = workbook["Cam kết"]
    share = [row[7] for row in commitments.iter_rows(min_row=3) if row[7].value is not None]
    assert sorted(c.value for c in share) == [0, 0.2] and all(c.number_format == "0%" for c in share)
    assert workbook["Biểu đồ theo năm"]["A2"].value == "2024"


def test_html_is_standalone_and_escaped(demo: None, options: Any) -> None:
    from hoptac.reports.services import build_report
    from hoptac.reports.tests.conftest import END, PARTNERS, START

    options.difficulties = "<script>alert(1)</script> & khó khăn"
    html = render(build_report(partners=PARTNERS, start=START, end=END, options=options), "html").decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; khó khăn" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "@page { size: A4 portrait" in html
    assert "http://" not in html and "https://" not in html and 'src="data:image/png;base64,' in html
    for figure in REVIEW_FIGURES:
        assert figure in html, figure


def test_pdf_reads_like_the_document(report: Any, tmp_path: Path) -> None:
    data = render(report, "pdf")
    assert data.startswith(b"%PDF")
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ NGOẠI VỤ",
        "Kon Tum, ngày 05 tháng 01 năm 2025",
        "BÁO CÁO",
    ):
        assert expected in flat, expected
    for figure in REVIEW_FIGURES:
        assert figure in flat, figure
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 3 <= len(pages) <= 12
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True
    ).stdout
    second = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert first.split()[0] == "UBND"  # no page number on page 1
    assert second.split()[0] == "2"  # page numbers at the top from page 2


def test_a_missing_font_gives_a_clear_message(report: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from hoptac.reports import fonts, render_pdf

    monkeypatch.setattr(fonts, "FAMILIES", [("None", ["/nonexistent"], {"regular": "x.ttf"})])
    fonts.serif_font.cache_clear()
    render_pdf._family.cache_clear()
    try:
        with pytest.raises(fonts.FontMissing, match="fonts-liberation2"):
            render(report, "pdf")
    finally:
        fonts.serif_font.cache_clear()
        render_pdf._family.cache_clear()
