"""The PDF annex keeps every word, number and date whole: nothing like "S T T" or "12/12/2 024"."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest

from hoptac.reports.render_common import cell_text
from hoptac.reports.render_pdf import column_widths, render_pdf

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is absent")


def _words(report: Any) -> set[str]:
    words: set[str] = set()
    for table in report.tables:
        if table.in_document:
            words |= {w for c in table.columns for w in c.title.split()}
            for row in table.document_rows():
                words |= {
                    w for v, c in zip(row, table.columns, strict=True) for w in cell_text(v, c.kind).split()
                }
    return words


def test_annex_words_are_whole_in_the_extracted_text(report: Any) -> None:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=render_pdf(report), capture_output=True, check=True
    ).stdout.decode()
    tokens = set(text.split())
    words = _words(report)
    assert "STT" in words and "12/12/2024" in words
    assert sorted(words - tokens) == []


def test_a_table_too_wide_for_the_page_gets_no_widths(report: Any) -> None:
    table = next(t for t in report.tables if t.in_document)
    rows = [["W" * 200 for _ in table.columns]]
    assert column_widths(table, rows, 10) is None
    widths = column_widths(table, [["1" for _ in table.columns]], 10)
    assert widths is not None and all(w > 13 for w in widths)
