"""The report as PDF (reportlab), with an embedded Unicode serif font and the Nghị định 30 layout."""

from __future__ import annotations

import io
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as Grid

from hoptac.reports.charts import chart_png, chart_size
from hoptac.reports.fonts import font_note, serif_font
from hoptac.reports.model import Report, Table
from hoptac.reports.render_common import cell_text

MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
TEXT_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]
LEFT_WIDTH = 62 * mm


@cache
def _family() -> str:
    """Register the serif font's four styles once; the family name to use in styles."""
    _, paths = serif_font()
    names = {style: f"Report-{style}" for style in paths}
    for style, path in paths.items():
        pdfmetrics.registerFont(TTFont(names[style], str(path)))
    pdfmetrics.registerFontFamily(
        "Report",
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bolditalic"],
    )
    return "Report"


def _style(
    size: float, *, bold: bool = False, italic: bool = False, align: int = TA_CENTER, **extra: Any
) -> ParagraphStyle:
    _family()
    name = "Report-" + (
        "bolditalic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
    )
    extra.setdefault("leading", size * 1.2)
    return ParagraphStyle(
        f"s{size}{bold}{italic}{align}{sorted(extra.items())}",
        fontName=name,
        fontSize=size,
        alignment=align,
        **extra,
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


class Rule(Flowable):
    """A short horizontal line centred in whatever width it is given (a page or a table cell)."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.length = width
        self.room = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.room = available_width
        return available_width, 4

    def draw(self) -> None:
        start = (self.room - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, 2, start + self.length, 2)


def _rule(width: float) -> Rule:
    return Rule(width)


def _borderless(left: list[Flowable], right: list[Flowable], left_width: float) -> Grid:
    grid = Grid([[left, right]], colWidths=[left_width, TEXT_WIDTH - left_width])
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return grid


def _header(report: Report) -> list[Flowable]:
    header = report.header
    left = [
        _p(header.parent.upper(), _style(13)),
        _p(header.issuer.upper(), _style(13, bold=True)),
        _rule(22 * mm),
        _p(f"Số: {header.number}", _style(13, spaceBefore=4)),
    ]
    right = [
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _style(12, bold=True)),
        _p("Độc lập - Tự do - Hạnh phúc", _style(13, bold=True)),
        _rule(58 * mm),
        _p(header.place_and_date, _style(14, italic=True, spaceBefore=8)),
    ]
    return [
        _borderless(left, right, LEFT_WIDTH),
        Spacer(1, 18),
        _p(report.title, _style(14, bold=True)),
        _p(report.summary, _style(14, bold=True)),
        _rule(40 * mm),
        Spacer(1, 8),
    ]


def _body(report: Report) -> list[Flowable]:
    body = _style(14, align=TA_JUSTIFY, firstLineIndent=1.27 * cm, spaceAfter=6, leading=14 * 1.3)
    bold = _style(14, bold=True, align=TA_JUSTIFY, firstLineIndent=1.27 * cm, spaceAfter=6, leading=14 * 1.3)
    flow: list[Flowable] = []
    for section in report.sections:
        flow.append(_p(section.heading.upper(), bold))
        for style, text in section.blocks:
            flow.append(_p(f"- {text}" if style == "item" else text, bold if style == "h" else body))
    return flow


def _signature(report: Report) -> list[Flowable]:
    left: list[Flowable] = [_p("Nơi nhận:", _style(12, bold=True, italic=True, align=TA_LEFT, spaceBefore=6))]
    left += [_p(f"- {line}", _style(11, align=TA_LEFT)) for line in report.recipients]
    right: list[Flowable] = [_p(line, _style(14, bold=True)) for line in report.signature.lines()]
    right += [Spacer(1, 60), _p(report.signature.name, _style(14, bold=True))]
    return [Spacer(1, 6), _borderless(left, right, 72 * mm)]


CELL_PADDING = 13  # points: reportlab's 6 on each side, and a little air


def column_widths(table: Table, rows: list[list[str]], size: float) -> list[float] | None:
    """Widths that keep every word, number and date whole (their minimum), the rest shared as the columns ask;
    None when even the minimums do not fit the page at this size."""
    least = []
    for index, column in enumerate(table.columns):
        pieces = column.title.split() + [p for row in rows for p in row[index].split()]
        bold = max((stringWidth(p, "Report-bold", size) for p in column.title.split()), default=0)
        plain = max((stringWidth(p, "Report-regular", size) for p in pieces), default=0)
        least.append(max(bold, plain) + CELL_PADDING)
    spare = TEXT_WIDTH - sum(least)
    if spare < 0:
        return None
    total = sum(c.width for c in table.columns)
    return [w + spare * c.width / total for w, c in zip(least, table.columns, strict=True)]


def _table(table: Table) -> list[Flowable]:
    rows = [
        [cell_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)]
        for row in table.document_rows()
    ]
    # 10 points, or smaller for a table whose words would otherwise be cut (never below 8).
    size, widths = 10.0, column_widths(table, rows, 10.0)
    while widths is None and size > 8:
        size -= 0.5
        widths = column_widths(table, rows, size)
    if widths is None:
        total = sum(c.width for c in table.columns)
        widths = [TEXT_WIDTH * c.width / total for c in table.columns]
    head = _style(size, bold=True)
    text, number = _style(size, align=TA_LEFT), _style(size, align=TA_RIGHT)
    data = [[_p(c.title, head) for c in table.columns]]
    for values in rows:
        data.append(
            [
                _p(value, text if c.kind == "text" else number)
                for value, c in zip(values, table.columns, strict=True)
            ]
        )
    grid = Grid(data, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
            ]
        )
    )
    flow: list[Flowable] = [
        _p(table.title, _style(13, bold=True, align=TA_LEFT, spaceBefore=12, spaceAfter=6)),
        grid,
    ]
    if table.note:
        flow.append(_p(table.note, _style(11, italic=True, align=TA_LEFT, spaceBefore=3)))
    return flow


def _annex(report: Report) -> list[Flowable]:
    day = report.header.place_and_date.split(", ", 1)[1]
    flow: list[Flowable] = [
        PageBreak(),
        _p("PHỤ LỤC", _style(14, bold=True)),
        _p(
            f"(Kèm theo Báo cáo số {report.header.number.strip()} {day})",
            _style(13, italic=True, spaceAfter=6),
        ),
    ]
    for table in report.tables:
        if table.in_document:
            flow += _table(table)
    if report.charts:
        flow.append(_p("Biểu đồ", _style(13, bold=True, align=TA_LEFT, spaceBefore=12, spaceAfter=6)))
    for chart in report.charts:
        png = chart_png(chart)
        width, height = chart_size(png)
        flow += [Image(io.BytesIO(png), width=150 * mm, height=150 * mm * height / width), Spacer(1, 8)]
    return flow


def _number_pages(canvas: Any, document: Any) -> None:
    """Page numbers centred in the top margin, from page 2 on."""
    canvas.saveState()
    canvas.setFont("Report-regular", 13)
    canvas.drawCentredString(MARGINS["left"] + TEXT_WIDTH / 2, A4[1] - 12 * mm, str(document.page))
    canvas.restoreState()


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes (A4 portrait, Times-metric serif embedded)."""
    _family()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        title=f"{report.title} — {report.summary}",
        author=report.header.issuer,
        subject=font_note(),
    )
    flow = _header(report) + _body(report) + _signature(report) + _annex(report)
    document.build(flow, onLaterPages=_number_pages)
    return out.getvalue()
