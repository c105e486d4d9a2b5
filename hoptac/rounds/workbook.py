"""A unit's form as an XLSX a department fills offline (XlsxWriter) and uploads back (openpyxl): all or nothing.

Only the value and evidence-note cells are unlocked; the hidden first column keeps each row's id, so
a reordered or edited sheet still lands on the right value, and a foreign row is refused by cell.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from hoptac.rounds import services
from hoptac.rounds.models import ReportingUnit, Round, Submission

HEADER_ROW = 3  # 0-based in XlsxWriter: the 4th row; data from the 5th
COLUMNS = (
    "Mã",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Phạm vi",
    "Thời kỳ",
    "Kỳ trước",
    "Giá trị",
    "Ghi chú, minh chứng",
)
VALUE, NOTE = 6, 7


def unit_template(round_: Round, unit: ReportingUnit) -> bytes:
    """The unit's form as a workbook: the figures asked, last round's values, cells to fill."""
    rows = round_.submissions.filter(unit=unit).select_related("metric", "round").prefetch_related("scope")
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1, "text_wrap": True})
    open_cell = book.add_format({"locked": False, "bg_color": "#FFF7D6", "border": 1})
    sheet = book.add_worksheet("Biểu mẫu")
    sheet.write_string(0, 0, round_.name, bold)
    sheet.write_string(
        1, 0, f"{unit.name} — hạn gửi: {round_.deadline:%d/%m/%Y}" if round_.deadline else unit.name
    )
    for j, title in enumerate(COLUMNS):
        sheet.write_string(HEADER_ROW, j, title, header)
    for i, s in enumerate(rows, HEADER_ROW + 1):
        previous = services.previous_value(s)
        sheet.write_number(i, 0, s.pk)
        sheet.write_string(i, 1, s.metric.name_vi)
        sheet.write_string(i, 2, s.measure)
        sheet.write_string(i, 3, ", ".join(p.code for p in s.scope.all()))
        sheet.write_string(i, 4, f"{s.first or ''}–{s.last or ''}")
        if previous is not None:
            sheet.write_number(i, 5, float(previous))
        if s.value is not None:
            sheet.write_number(i, VALUE, float(s.value), open_cell)
        else:
            sheet.write_blank(i, VALUE, None, open_cell)
        sheet.write_string(i, NOTE, s.note, open_cell)
        sheet.data_validation(
            i, VALUE, i, VALUE, {"validate": "decimal", "criteria": ">=", "value": 0, "ignore_blank": True}
        )
    sheet.set_column(0, 0, 6, None, {"hidden": True})
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 5, 14)
    sheet.set_column(VALUE, VALUE, 18)
    sheet.set_column(NOTE, NOTE, 40)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    book.close()
    return out.getvalue()


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float):
        return Decimal(str(value))
    return Decimal(str(value).strip().replace(" ", ""))


def _read(file: Any) -> list[tuple[int, Any, Any, str]]:
    """(submission id, value cell, note cell, value cell's address) per data row."""
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(
            {"file": _("this is not an XLSX workbook (%(error)s)") % {"error": exc}}
        ) from None
    sheet = book.worksheets[0]
    found = []
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 2):
        if len(cells) <= NOTE or cells[0].value in (None, ""):
            continue
        found.append((cells[0].value, cells[VALUE], cells[NOTE], cells[VALUE].coordinate))
    book.close()
    return found


@transaction.atomic
def upload(round_: Round, unit: ReportingUnit, file: Any, *, by: Any, submit: bool = False) -> int:
    """Apply a filled workbook to the unit's form; every bad cell named, nothing saved unless all are good."""
    mine = {s.pk: s for s in round_.submissions.filter(unit=unit).select_related("round", "unit", "metric")}
    problems: dict[str, list[str]] = {}
    changes: list[tuple[Submission, dict[str, Any], str]] = []
    for key, value_cell, note_cell, where in _read(file):
        submission = mine.get(key) if isinstance(key, int | float) else None
        if submission is None:
            problems.setdefault(f"A{value_cell.row}", []).append(
                _("this row is not one of this unit's figures")
            )
            continue
        try:
            value = _number(value_cell.value)
        except InvalidOperation:
            problems.setdefault(where, []).append(
                _("'%(value)s' is not a number: write digits only, e.g. 687400000")
                % {"value": value_cell.value}
            )
            continue
        data: dict[str, Any] = {"value": value, "note": str(note_cell.value or "")}
        if submission.state in services.FILLABLE:
            changes.append((submission, data, where))
    if not mine or (not changes and not problems):
        problems.setdefault("file", []).append(
            _("no row of this unit's form was found: download the form again")
        )
    for submission, data, where in changes if not problems else []:
        try:
            if submit:
                services.submit(submission, data, by=by)
            else:
                services.save_draft(submission, data, by=by)
        except ValidationError as exc:
            for message in exc.messages:
                problems.setdefault(where, []).append(message)
        except PermissionDenied:
            raise
    if problems:
        raise ValidationError(problems)
    return len(changes)
