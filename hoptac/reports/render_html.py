"""The report as one standalone printable HTML page (escaped by the template engine, charts inlined)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from hoptac.reports.charts import chart_png
from hoptac.reports.model import Report
from hoptac.reports.render_common import cell_text

STYLESHEET = Path(__file__).parent / "static" / "reports" / "report.css"


def render_html(report: Report, *, standalone: bool = True) -> str:
    """The page's HTML: A4 print layout, Times New Roman.

    A file (standalone) carries its stylesheet inside; the page the site serves links it instead,
    as the Content-Security-Policy allows no inline style.
    """
    tables: list[dict[str, Any]] = []
    for table in report.tables:
        if not table.in_document:
            continue
        rows = [
            [(cell_text(v, c.kind), c.kind != "text") for v, c in zip(row, table.columns, strict=True)]
            for row in table.document_rows()
        ]
        tables.append({"title": table.title, "columns": table.columns, "rows": rows, "note": table.note})
    charts = [
        {"title": chart.title, "src": "data:image/png;base64," + base64.b64encode(chart_png(chart)).decode()}
        for chart in report.charts
    ]
    return render_to_string(
        "reports/report.html",
        {
            "report": report,
            "day": report.header.place_and_date.split(", ", 1)[1],
            "tables": tables,
            "charts": charts,
            "inline_css": mark_safe(STYLESHEET.read_text(encoding="utf-8")) if standalone else "",
        },
    )
