"""Bulk import of activities against plain PostgreSQL COPY of the same rows.

    .venv/bin/python -m bench.national.bulk_import [--rows 100000] [--xlsx-rows 20000]

Rows refer to real agreements, parties and people of the benchmark database. The import runs inside
a transaction that is rolled back, so the database is left as it was; COPY loads the same CSV into a
bare table of text columns (the floor: no checking, no links, no history).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.national.common import setup, write_result

HEADER = ["kind", "title", "date", "end_date", "status", "place", "parties", "agreements", "direction",
          "head_of_delegation", "delegation_size", "description"]  # fmt: skip


def make_rows(count: int, seed: int = 1) -> list[list[str]]:
    """Plausible visits and meetings under existing agreements."""
    from hoptac.agreements.models import Agreement

    rng = random.Random(seed)
    agreements = list(Agreement.objects.prefetch_related("parties").order_by("id")[:500])
    names = ["Nguyễn Văn An", "Y Ngọc", "Thanouxay Banxalith", "Sok Chea", "Lê Thị Hoa"]
    rows = []
    for i in range(count):
        agreement = agreements[i % len(agreements)]
        parties = [p.place_id for p in agreement.parties.all()]
        year = rng.randint(2010, 2025)
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        visit = rng.random() < 0.6
        rows.append([
            "visit" if visit else "meeting", f"Hoạt động nhập hàng loạt số {i}", day, "", "held", parties[0],
            ";".join(parties), str(agreement.uid), rng.choice(["incoming", "outgoing"]) if visit else "",
            rng.choice(names) if visit else "", str(rng.randint(3, 30)) if visit else "", "",
        ])  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def time_import(path: Path) -> tuple[float, dict[str, float]]:
    """Seconds for the whole import (read, check, write with links and history), rolled back after."""
    from django.db import transaction

    from hoptac.imports.activities import import_activities

    with transaction.atomic():
        started = time.perf_counter()
        result = import_activities(path)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, result.timings


def time_copy(path: Path) -> float:
    """Seconds for COPY of the same CSV into a bare table of text columns."""
    from django.db import connection, transaction

    columns = ", ".join(f"{c} text" for c in HEADER)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE bench_copy ({columns}) ON COMMIT DROP")
        started = time.perf_counter()
        with (
            path.open("rb") as handle,
            cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):  # type: ignore[attr-defined]
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def main() -> None:
    """Print rows/s of the import (CSV, XLSX) and of plain COPY, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup()
    from openpyxl import Workbook

    rows = make_rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "activities.csv"
        write_csv(path, rows)
        imports = [time_import(path) for _ in range(args.repeat)]
        copies = [time_copy(path) for _ in range(args.repeat)]
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for row in rows[: args.xlsx_rows]:
            sheet.append(row)
        xlsx = Path(tmp) / "activities.xlsx"
        book.save(xlsx)
        xlsx_seconds = statistics.median(time_import(xlsx)[0] for _ in range(args.repeat))
    ours = statistics.median(s for s, _ in imports)
    phases = imports[len(imports) // 2][1]
    floor = statistics.median(copies)
    lines = [
        f"rows: {args.rows:,} (CSV), {args.xlsx_rows:,} (XLSX); median of {args.repeat}",
        f"import-activities CSV:  {ours:6.2f} s  {args.rows / ours:10,.0f} rows/s  "
        f"(read {phases['read']:.2f} s, check {phases['check']:.2f} s, write {phases['write']:.2f} s)",
        f"import-activities XLSX: {xlsx_seconds:6.2f} s  {args.xlsx_rows / xlsx_seconds:10,.0f} rows/s",
        f"plain COPY of the CSV:  {floor:6.2f} s  {args.rows / floor:10,.0f} rows/s",
        f"ratio import / COPY:    {ours / floor:6.1f}×   target ≥ 20,000 rows/s: "
        + ("ok" if args.rows / ours >= 20_000 else "MISSED"),
    ]
    text = "\n".join(lines)
    print(text)
    write_result("bulk-import", text)


if __name__ == "__main__":
    main()
