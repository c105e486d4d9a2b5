"""Bulk import of activities: the services' rules per row, messages with row and column, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity
from hoptac.agreements.models import Agreement
from hoptac.imports.activities import import_activities
from hoptac.imports.checking import check_rows
from hoptac.imports.problems import ImportRefused

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

HEADER = ["kind", "title", "date", "end_date", "status", "place", "parties", "agreements", "direction",
          "head_of_delegation", "delegation_size", "description"]  # fmt: skip


def write_csv(
    path: Path, rows: list[dict[str, Any]], header: list[str] = HEADER, delimiter: str = ","
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def visit(**changes: Any) -> dict[str, Any]:
    row = {
        "kind": "visit",
        "title": "Đoàn công tác tỉnh Kon Tum thăm Sê Kông",
        "date": "2024-03-12",
        "end_date": "2024-03-14",
        "place": "LA-XE",
        "parties": "VN-28; LA-XE",
        "direction": "outgoing",
        "head_of_delegation": "Y Ngọc",
        "delegation_size": "12",
    }
    row.update(changes)
    return row


def test_good_rows_are_imported_with_links_and_history(tmp_path: Path, agreement: Agreement) -> None:
    rows = [
        visit(agreements=str(agreement.uid)),
        {"kind": "review_conference", "date": "12/12/2024", "parties": "VN-28,LA-XE", "place": "VN-28"},
        {"kind": "meeting", "status": "planned", "date": "2026", "title": "Hội đàm năm 2026"},
    ]
    result = import_activities(write_csv(tmp_path / "a.csv", rows))
    assert result.rows == 3 and result.people_created == 1
    first = Activity.objects.get(kind="visit")
    assert str(first.date) == "2024-03-12" and str(first.end_date) == "2024-03-14"
    assert sorted(p.code for p in first.parties.all()) == ["LA-XE", "VN-28"]
    assert list(first.agreements.all()) == [agreement]
    assert first.head_of_delegation is not None and first.head_of_delegation.name == "Y Ngọc"
    assert first.delegation_size == 12 and first.place_id == "LA-XE"
    assert first.history.count() == 1
    assert first.history.first().history_change_reason == "bulk import of a.csv"  # type: ignore[union-attr]
    assert str(Activity.objects.get(kind="review_conference").date) == "2024-12-12"
    # The ids continue after the bulk write, so the next activity entered one by one is saved.
    made = create_activity({"kind": "meeting", "date": "2025", "parties": ["VN-28", "LA-XE"]})
    assert made.pk > first.pk and made.parties.count() == 2


@pytest.mark.parametrize(
    ("change", "column", "fragment"),
    [
        ({"kind": "parade"}, "kind", "'parade' is not allowed"),
        ({"date": "2024-13-01"}, "date", "month 13"),
        ({"end_date": "2024-03-01"}, "end_date", "before the start date"),
        ({"kind": "meeting"}, "direction", "only a visit has a direction"),
        ({"place": "XX-99"}, "place", "XX-99"),
        ({"parties": "VN-28; VN-28"}, "parties", "listed twice"),
        ({"agreements": "6f1d3b4e-2a7c-4d8e-9f10-112233445566"}, "agreements", "no agreement with id"),
        ({"delegation_size": "twelve"}, "delegation_size", "not a whole number"),
        ({"date": "", "end_date": ""}, "date", "needs a date"),
        ({"status": "maybe"}, "status", "'maybe' is not allowed"),
    ],
)
def test_a_bad_cell_refuses_the_whole_file(
    tmp_path: Path, change: dict[str, Any], column: str, fragment: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", [visit(), visit(**change), visit()])
    with pytest.raises(ImportRefused) as refused:
        import_activities(path)
    problems = refused.value.problems
    assert [(p.row, p.column) for p in problems] == [(3, column)], problems
    assert fragment in problems[0].message and str(problems[0]).startswith(f"row 3, column {column}: ")
    assert Activity.objects.count() == 0


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [visit(kind="x"), visit(), visit(date="soon", place="Atlantis")])
    with pytest.raises(ImportRefused) as refused:
        import_activities(path)
    assert {(p.row, p.column) for p in refused.value.problems} == {(2, "kind"), (4, "date"), (4, "place")}


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cols.csv", [{"title": "x", "colour": "red"}], header=["title", "colour"])
    with pytest.raises(ImportRefused) as refused:
        import_activities(path)
    messages = [str(p) for p in refused.value.problems]
    assert any("column colour: unknown column: use id, kind" in m for m in messages)
    assert any("column kind: this column is required" in m for m in messages)


def test_repeated_id_is_refused(tmp_path: Path) -> None:
    uid = "3f2b8c1e-1d2a-4c5b-8e9f-0a1b2c3d4e5f"
    path = write_csv(
        tmp_path / "ids.csv", [{**visit(), "id": uid}, {**visit(), "id": uid}], header=["id", *HEADER]
    )
    with pytest.raises(ImportRefused) as refused:
        import_activities(path)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "id")]


def test_semicolon_csv_and_xlsx_with_date_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    import_activities(write_csv(tmp_path / "vi.csv", [visit()], delimiter=";"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kind", "date", "parties", "delegation_size", "direction"])
    sheet.append(["visit", dt.datetime(2023, 5, 2), "VN-28;LA-AT", 7, "incoming"])
    sheet.append(["meeting", "2023-06", "VN-28;LA-AT", None, None])
    book.save(tmp_path / "a.xlsx")
    assert import_activities(tmp_path / "a.xlsx").rows == 2
    assert str(Activity.objects.get(date="2023-05-02").date) == "2023-05-02"
    assert Activity.objects.get(date="2023-05-02").delegation_size == 7


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_xlsx_reads_alike_with_either_reader(
    tmp_path: Path, reader: str, monkeypatch: pytest.MonkeyPatch, agreement: Agreement
) -> None:
    from openpyxl import Workbook

    from hoptac.imports import reading

    if reader == "calamine":
        pytest.importorskip("python_calamine")
    else:
        monkeypatch.setattr(reading, "_xlsx_grid", reading._openpyxl_grid)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kind", "Date", "Parties", "Delegation size", "Direction", "Agreements", "Title"])
    sheet.append(["visit", dt.date(2023, 5, 2), "VN-28;LA-AT", 7, "incoming", str(agreement.uid), 2024])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["meeting", dt.datetime(2023, 6, 1, 9, 30), "VN-28", 3.0, "", "", "  Hội đàm  "])
    sheet.append(["meeting", 2023, "LA-XE", 1, None, None, None])
    sheet.append(["signing", "31/12/2023", "XX-99", 1.5, None, None, None])
    sheet.append(["signing", "31/12/2023", "LA-XE", True, None, None, None])  # True is not the 1 above
    book.save(tmp_path / "a.xlsx")
    with pytest.raises(ImportRefused) as refused:
        import_activities(tmp_path / "a.xlsx")
    problems = refused.value.problems
    assert [(p.row, p.column) for p in problems] == [
        (6, "delegation_size"),
        (6, "parties"),
        (7, "delegation_size"),
    ]
    assert problems[0].message == "'1.5' is not a whole number of people (0 or more)"
    assert "XX-99" in problems[1].message
    sheet.delete_rows(6, 2)
    book.save(tmp_path / "a.xlsx")
    assert import_activities(tmp_path / "a.xlsx").rows == 3
    made = Activity.objects.order_by("id").values_list("date", "delegation_size", "title")
    assert [(str(date), size, title) for date, size, title in made] == [
        ("2023-05-02", 7, "2024"),
        ("2023-06-01", 3, "Hội đàm"),
        ("2023", 1, ""),
    ]
    assert list(Activity.objects.get(date="2023-05-02").agreements.all()) == [agreement]


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("[]")
    with pytest.raises(ValidationError, match=r"use a \.csv or \.xlsx file"):
        import_activities(tmp_path / "a.json")


PARITY_ROWS: list[dict[str, Any]] = [
    visit(),
    visit(kind="meeting"),
    visit(direction="", kind="meeting"),
    visit(end_date="2024-02"),
    visit(end_date="2024-03"),
    visit(date="2024", end_date="2024-01-01"),
    visit(date="", status="planned", end_date=""),
    visit(date="", end_date=""),
    visit(delegation_size="-3"),
    visit(place="LA-XE", parties="LA-XE;KH-19;VN-26"),
]


@pytest.mark.parametrize("row", PARITY_ROWS)
def test_accepts_exactly_what_the_service_accepts(row: dict[str, Any]) -> None:
    data: dict[str, Any] = {k: v for k, v in row.items() if v not in ("", None)}
    data["parties"] = [p.strip() for p in row["parties"].split(";")]
    data.pop("head_of_delegation")
    if "delegation_size" in data:
        data["delegation_size"] = int(data["delegation_size"])
    try:
        with transaction.atomic():
            create_activity(data)
            transaction.set_rollback(True)
        service_ok = True
    except ValidationError:
        service_ok = False
    try:
        check_rows(HEADER, [(2, [None if k == "head_of_delegation" else row.get(k) for k in HEADER])])
        bulk_ok = True
    except ImportRefused:
        bulk_ok = False
    assert bulk_ok == service_ok


def test_command_reports_rows_and_problems(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOPTAC_")}
    env["HOPTAC_VAR_DIR"] = str(tmp_path / "var")
    env["HOPTAC_DATABASE_URL"] = f"sqlite:///{tmp_path / 'r.sqlite3'}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "hoptac.cli", *args], capture_output=True, text=True, env=env, timeout=300
        )

    assert run("migrate").returncode == 0
    bad = run("import-activities", str(write_csv(tmp_path / "bad.csv", [visit(), visit(date="2024-02-30")])))
    assert bad.returncode == 2
    # The command speaks the default language, Vietnamese, as the pages do.
    assert "chưa nhập dữ liệu nào: bad.csv có 1 lỗi:" in bad.stderr
    assert "dòng 3, cột date: tháng 2 không có ngày 30" in bad.stderr
    good = run("import-activities", str(write_csv(tmp_path / "good.csv", [visit(), visit()])))
    assert good.returncode == 0, good.stderr
    assert "đã nhập 2 hoạt động từ good.csv, thêm 1 nhân vật mới" in good.stdout


def test_each_step_is_told_to_the_progress_bar(tmp_path: Path) -> None:
    told: list[tuple[int, str]] = []
    import_activities(write_csv(tmp_path / "a.csv", [visit()]), progress=lambda p, s: told.append((p, s)))
    assert [p for p, _s in told] == [5, 30, 60] and "a.csv" in told[0][1] and "1" in told[2][1]
