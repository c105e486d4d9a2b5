"""The report as a Word document laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I (python-docx)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from hoptac.reports.charts import chart_png
from hoptac.reports.model import Report, Table
from hoptac.reports.render_common import cell_text

FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15
LEFT_MM, RIGHT_MM = 62, TEXT_WIDTH_MM - 62


def _font(element: Any, size: float, bold: bool = False, italic: bool = False) -> None:
    element.font.name = FONT
    element.font.size = Pt(size)
    element.font.bold = bold
    element.font.italic = italic
    fonts = element.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def _line(
    container: Any,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
) -> Any:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.line_spacing = 1.0
    _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _rule(container: Any, width_mm: float, box_mm: float) -> None:
    """A centred horizontal rule of the given length: a tiny paragraph with a bottom border."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(max(0.0, (box_mm - width_mm) / 2))
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Cm(0)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number(paragraph: Any) -> None:
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = "2"
        run._r.append(element)


def _setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # Page numbers centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(number)
    normal = document.styles["Normal"]
    _font(normal, 14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    small = document.styles.add_style("Table text", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    _font(small, 11)
    small.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    small.paragraph_format.first_line_indent = Cm(0)
    small.paragraph_format.space_after = Pt(0)
    small.paragraph_format.line_spacing = 1.0


def _two_columns(document: Any, left_mm: float, right_mm: float) -> tuple[Any, Any]:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(left_mm), Mm(right_mm)
    for cell in (left, right):
        cell._tc.remove(cell.paragraphs[0]._p)  # start empty; paragraphs are added below
    return left, right


def _header(document: Any, report: Report) -> None:
    header = report.header
    left, right = _two_columns(document, LEFT_MM, RIGHT_MM)
    _line(left, header.parent.upper(), 13)
    _line(left, header.issuer.upper(), 13, bold=True)
    _rule(left, 22, LEFT_MM)
    _line(left, f"Số: {header.number}", 13, before=6)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _rule(right, 60, RIGHT_MM)
    _line(right, header.place_and_date, 14, italic=True, before=8)
    _line(document, report.title, 14, bold=True, before=18)
    _line(document, report.summary, 14, bold=True)
    _rule(document, 40, TEXT_WIDTH_MM)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _body(document: Any, report: Report) -> None:
    for section in report.sections:
        _font(document.add_paragraph().add_run(section.heading.upper()), 14, bold=True)
        for style, text in section.blocks:
            run = document.add_paragraph().add_run(f"- {text}" if style == "item" else text)
            _font(run, 14, bold=style == "h")


def _signature(document: Any, report: Report) -> None:
    left, right = _two_columns(document, 72, TEXT_WIDTH_MM - 72)
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
    for recipient in report.recipients:
        _line(left, f"- {recipient}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for i, line in enumerate(report.signature.lines()):
        _line(right, line, 14, bold=True, before=6 if i == 0 else 0)
    _line(right, "", 14, after=60)
    _line(right, report.signature.name, 14, bold=True)


def _table(document: Any, table: Table) -> None:
    _line(document, table.title, 13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12, after=6)
    rows = table.document_rows()
    grid = document.add_table(rows=len(rows) + 1, cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    total = sum(c.width for c in table.columns)
    cells = grid._cells  # one flat list: much faster than row.cells for long tables
    style_id = document.styles["Table text"].style_id  # looked up once: by name it is slow per cell
    width = len(table.columns)
    for j, column in enumerate(table.columns):
        cell = cells[j]
        cell.width = Mm(TEXT_WIDTH_MM * column.width / total)
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(column.title).bold = True
    header = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for i, row in enumerate(rows, 1):
        for j, column in enumerate(table.columns):
            paragraph = cells[i * width + j].paragraphs[0]
            paragraph._p.style = style_id
            if column.kind != "text":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(cell_text(row[j], column.kind))
    if table.note:
        _line(document, table.note, 11, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=3)


def render_docx(report: Report) -> bytes:
    """The report as DOCX bytes: header, body, signature, then the annex tables and charts."""
    document = Document()
    _setup(document)
    _header(document, report)
    _body(document, report)
    _signature(document, report)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _line(document, "PHỤ LỤC", 14, bold=True)
    _line(
        document,
        f"(Kèm theo Báo cáo số {report.header.number.strip()} {report.header.place_and_date.split(', ', 1)[1]})",
        13,
        italic=True,
        after=6,
    )
    for table in report.tables:
        if table.in_document:
            _table(document, table)
    if report.charts:
        _line(document, "Biểu đồ", 13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12, after=6)
    for chart in report.charts:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.add_run().add_picture(io.BytesIO(chart_png(chart)), width=Mm(150))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
