"""Reading a CSV or XLSX sheet as (row number, cells) pairs, the header naming the columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hoptac.core.uploads import check_zip

Rows = Iterator[tuple[int, Sequence[Any]]]


def _header(cells: Sequence[Any]) -> list[str]:
    return [str(c or "").strip().lower().replace(" ", "_") for c in cells]


def read_sheet(path: Path) -> tuple[list[str], Rows]:
    """The header and the data rows of a .csv (UTF-8, comma or semicolon) or .xlsx file (first sheet)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if not suffix:
        raise ValidationError(
            _("%(file)s: use a .csv or .xlsx file (this one has no ending)") % {"file": path.name}
        )
    raise ValidationError(
        _("%(file)s: use a .csv or .xlsx file (this one ends in '%(suffix)s')")
        % {"file": path.name, "suffix": suffix}
    )


def _read_csv(path: Path) -> tuple[list[str], Rows]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("%(file)s is not UTF-8 text: save it as 'CSV UTF-8' and try again") % {"file": path.name}
        ) from exc
    first = text.split("\n", 1)[0]
    # Spreadsheets set to Vietnamese write semicolons, because the comma is the decimal mark.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = _header(next(reader, []))

    def rows() -> Rows:
        for number, cells in enumerate(reader, start=2):
            if "".join(cells).strip():
                yield number, cells

    return header, rows()


def _read_xlsx(path: Path) -> tuple[list[str], Rows]:
    with path.open("rb") as file:
        try:
            check_zip(file)
        except ValidationError as exc:
            raise ValidationError(f"{path.name}: {'; '.join(exc.messages)}") from exc
    try:
        grid = _xlsx_grid(path)
    except Exception as exc:  # the readers raise many kinds for a damaged or mislabelled file
        # Their messages name Python objects: say what to do instead.
        raise ValidationError(
            _(
                "%(file)s cannot be read as an Excel workbook: open it in Excel or LibreOffice and save it again"
            )
            % {"file": path.name}
        ) from exc
    cells = iter(grid)
    header = _header(list(next(cells, ())))

    def rows() -> Rows:
        for number, values in enumerate(cells, start=2):
            if any(v not in (None, "") for v in values):
                yield number, values

    return header, rows()


def _xlsx_grid(path: Path) -> Iterator[Sequence[Any]]:
    """The first sheet's rows from its first line: python-calamine where installed (a Rust reader,
    ten times faster than openpyxl on a large sheet), openpyxl otherwise; both give the cached
    values of formulas and dates as date or datetime."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return _openpyxl_grid(path)
    book = CalamineWorkbook.from_path(str(path))
    try:
        # skip_empty_area=False: start at A1, so the numbers in messages are the sheet's own.
        return iter(book.get_sheet_by_index(0).to_python(skip_empty_area=False))
    finally:
        book.close()


def _openpyxl_grid(path: Path) -> Iterator[Sequence[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return iter(list(book.worksheets[0].iter_rows(values_only=True)))
    finally:
        book.close()
