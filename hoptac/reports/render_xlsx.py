"""The report's annex as an XLSX workbook (openpyxl): one sheet per table, numbers stored as numbers."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hoptac.reports.model import Quantity, Report, Table

COUNT = "#,##0"
DECIMAL = "#,##0.##"
PERCENT = "0%"
SHEET_NAMES = {
    "figures": "Số liệu",
    "commitments": "Cam kết",
    "activities": "Hoạt động",
    "reviews": "Sơ kết - tổng kết",
    "by_year": "Theo năm",
    "figure_records": "Số liệu chi tiết",
}

CHART_SHEETS = {
    "by_year": "Biểu đồ theo năm",
    "by_field": "Biểu đồ theo lĩnh vực",
    "by_partner": "Biểu đồ theo đối tác",
}


def _number_format(value: Quantity) -> str:
    if value.unit == "percent":
        return '0.##"%"'
    if len(value.unit) == 3 and value.unit.isupper():
        return f'#,##0.## "{value.unit}"'
    return DECIMAL if value.value != value.value.to_integral_value() else COUNT


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _sheet(workbook: Workbook, table: Table, bold: Font, wrap: Alignment) -> None:
    sheet = workbook.create_sheet(SHEET_NAMES.get(table.key, table.key)[:31])
    sheet.freeze_panes = "A3"
    for j, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(j)].width = column.width + 2
    title = WriteOnlyCell(sheet, table.title)
    title.font = bold
    sheet.append([title])
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, column.title)
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for value, column in zip(row, table.columns, strict=True):
            if isinstance(value, Quantity):
                cell = WriteOnlyCell(sheet, _plain(value.value))
                cell.number_format = _number_format(value)
            elif column.kind == "ratio" and value is not None:
                cell = WriteOnlyCell(sheet, float(value))
                cell.number_format = PERCENT
            elif column.kind == "year" and value is not None:
                cell = WriteOnlyCell(sheet, value)
                cell.number_format = "0"
            elif column.kind == "count" and value is not None:
                cell = WriteOnlyCell(sheet, _plain(value))
                cell.number_format = COUNT
            else:
                cell = WriteOnlyCell(sheet, value)
            cells.append(cell)
        sheet.append(cells)


def _info(workbook: Workbook, report: Report, bold: Font) -> None:
    sheet = workbook.create_sheet("Báo cáo")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
    rows = [
        ("Báo cáo", report.summary),
        ("Cơ quan", f"{report.header.parent} - {report.header.issuer}"),
        ("Số", report.header.number.strip()),
        ("Ngày", report.header.place_and_date),
        ("Kỳ báo cáo", f"{report.start.strftime('%d/%m/%Y')} - {report.end.strftime('%d/%m/%Y')}"),
    ]
    for key, value in rows:
        label = WriteOnlyCell(sheet, key)
        label.font = bold
        sheet.append([label, value])


def _charts(workbook: Workbook, report: Report, bold: Font) -> None:
    """Each chart as its data and a native Excel bar chart."""
    for chart in report.charts:
        sheet = workbook.create_sheet(CHART_SHEETS.get(chart.key, chart.key)[:31])
        sheet.column_dimensions["A"].width = 32
        heading = WriteOnlyCell(sheet, chart.title)
        heading.font = bold
        sheet.append([heading, "Số hoạt động"])
        for label, value in chart.bars:
            cell = WriteOnlyCell(sheet, int(value) if value == int(value) else value)
            cell.number_format = COUNT
            sheet.append([label, cell])
        bars = BarChart()
        bars.type = "bar"
        bars.title = chart.title
        bars.legend = None
        count = len(chart.bars)
        bars.add_data(Reference(sheet, min_col=2, min_row=1, max_row=count + 1), titles_from_data=True)
        bars.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=count + 1))
        sheet.add_chart(bars, "D2")


def render_xlsx(report: Report) -> bytes:
    """The annex as XLSX bytes: a cover sheet, one sheet per table (all rows), one per chart."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    _info(workbook, report, bold)
    for table in report.tables:
        _sheet(workbook, table, bold, wrap)
    _charts(workbook, report, bold)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
