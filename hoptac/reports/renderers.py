"""The report formats: which function renders each, its file extension and content type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hoptac.reports.model import Report


@dataclass(frozen=True)
class Format:
    """A way to write a report out."""

    name: str
    content_type: str
    render: Callable[[Report], bytes]


def _docx(report: Report) -> bytes:
    from hoptac.reports.render_docx import render_docx

    return render_docx(report)


def _pdf(report: Report) -> bytes:
    from hoptac.reports.render_pdf import render_pdf

    return render_pdf(report)


def _xlsx(report: Report) -> bytes:
    from hoptac.reports.render_xlsx import render_xlsx

    return render_xlsx(report)


def _html(report: Report) -> bytes:
    from hoptac.reports.render_html import render_html

    return render_html(report).encode("utf-8")


FORMATS = {
    "docx": Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx),
    "pdf": Format("pdf", "application/pdf", _pdf),
    "xlsx": Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx),
    "html": Format("html", "text/html; charset=utf-8", _html),
}


def get_format(name: str) -> Format:
    """The format by name; ValueError with the choices when unknown."""
    found = FORMATS.get((name or "").strip().lower())
    if found is None:
        raise ValueError(f"'{name}' is not a report format: use {', '.join(FORMATS)}")
    return found


def render(report: Report, name: str) -> bytes:
    """The report in the named format, as bytes."""
    return get_format(name).render(report)
