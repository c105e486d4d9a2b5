"""Bulk import of activities against plain PostgreSQL COPY of the same rows.

    .venv/bin/python -m bench.national.bulk_import [--rows 100000] [--xlsx-rows 20000]

Rows refer to real agreements, parties and people of the benchmark database. The import runs inside
a transaction that is rolled back, so the database is left as it was; the foreign-key checks that
PostgreSQL defers to the commit are run before the rollback and timed with the import. Two floors:
the import's own COPY payloads sent into the real tables with their foreign-key checks (what
PostgreSQL costs with no Python at all), and COPY of the same CSV into a bare table of text columns.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.national.common import Target, announce_load, record, setup, write_result

TARGET_ROWS_PER_S = 20_000.0

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


KEY_CHECKS: set[str] = set()  # how each run's foreign keys were checked ("set-based" or "per row")


def time_import(path: Path) -> tuple[float, dict[str, float]]:
    """Seconds for the whole import (read, check, write with links and history, and the foreign-key
    checks PostgreSQL defers to the commit), rolled back after."""
    from django.db import connection, transaction

    from hoptac.imports.activities import import_activities

    with transaction.atomic():
        server, python = _server_cpu(connection), time.process_time()
        started = time.perf_counter()
        result = import_activities(path)
        KEY_CHECKS.add(result.key_checks)
        checked = time.perf_counter()
        _check_constraints(connection)
        seconds = time.perf_counter() - started
        cpu = {"Python CPU": time.process_time() - python, "PostgreSQL CPU": _server_cpu(connection) - server}
        transaction.set_rollback(True)
    return seconds, {**result.timings, "fk": seconds - (checked - started), **cpu}


def _server_cpu(connection: Any) -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (NaN when the server is elsewhere):
    on a machine shared with other work, CPU time says what each side costs better than the clock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _check_constraints(connection: Any) -> None:
    """Run the deferred foreign-key checks now: a rolled-back import would otherwise never pay for them."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def time_floor(path: Path) -> tuple[float, dict[str, float]]:
    """Seconds for PostgreSQL alone to take the import's rows: the COPY payloads are built first (not
    timed), then sent into the real tables and their foreign keys checked, rolled back after."""
    from django.db import connection, transaction
    from django.utils import timezone

    from hoptac.imports.checking import check_rows
    from hoptac.imports.reading import read_sheet
    from hoptac.imports.writing import _people, copy_payloads

    header, rows = read_sheet(path)
    good, look = check_rows(header, list(rows))
    tables: dict[str, float] = {}
    with transaction.atomic():
        people, _ = _people(good, look)
        payloads = list(copy_payloads(good, people, None, f"bulk import of {path.name}", timezone.now()))
        server = _server_cpu(connection)
        started = time.perf_counter()
        for payload in payloads:
            sent = time.perf_counter()
            with connection.cursor() as cursor:
                payload.send(cursor)
            tables[payload.table] = time.perf_counter() - sent
        sent = time.perf_counter()
        _check_constraints(connection)
        tables["foreign-key checks"] = time.perf_counter() - sent
        seconds = time.perf_counter() - started
        tables["PostgreSQL CPU"] = _server_cpu(connection) - server
        transaction.set_rollback(True)
    return seconds, tables


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


def _phases(timings: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())


TOUCHED = ("activities_activity", "activities_historicalactivity", "activities_activity_parties",
           "activities_historicalactivity_parties", "activities_activity_agreements",
           "activities_historicalactivity_agreements", "activities_activity_commitments",
           "activities_historicalactivity_commitments")  # fmt: skip


def vacuum() -> None:
    """Clear the dead rows a rolled-back run leaves, so every run starts from the same tables (and the
    database is left as it was found, not with indexes twice their size for the next benchmark)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {', '.join(TOUCHED)}")


def _median(runs: list[tuple[float, dict[str, float]]]) -> tuple[float, dict[str, float]]:
    return sorted(runs, key=lambda run: run[0])[len(runs) // 2]


def main() -> None:
    """Print rows/s of the import (CSV, XLSX), of the same rows COPYed into the real tables, of plain COPY."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-floor", action="store_true", help="skip the real-table floor (older code)")
    parser.add_argument("--no-vacuum", action="store_true", help="do not VACUUM the tables before each run")
    args = parser.parse_args()
    load = announce_load("the bulk import")
    setup()
    from openpyxl import Workbook

    def timed(run: Any, path: Path) -> tuple[float, dict[str, float]]:
        if not args.no_vacuum:
            vacuum()
        return run(path)  # type: ignore[no-any-return]

    rows = make_rows(args.rows)
    imports, floors, xlsxs = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "activities.csv"
        write_csv(path, rows)
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for row in rows[: args.xlsx_rows]:
            sheet.append(row)
        xlsx = Path(tmp) / "activities.xlsx"
        book.save(xlsx)
        # Interleaved, so that the server's state and the machine's load weigh alike on each.
        for _ in range(args.repeat):
            imports.append(timed(time_import, path))
            if not args.no_floor:
                floors.append(timed(time_floor, path))
            xlsxs.append(timed(time_import, xlsx))
        copies = [time_copy(path) for _ in range(args.repeat)]
        if not args.no_vacuum:
            vacuum()
    ours, phases = _median(imports)
    xlsx_seconds, xlsx_phases = _median(xlsxs)
    bare = statistics.median(copies)
    lines = [
        f"rows: {args.rows:,} (CSV), {args.xlsx_rows:,} (XLSX); median of {args.repeat}; "
        "each timing includes the deferred foreign-key checks (fk)",
        f"foreign keys checked: {', '.join(sorted(KEY_CHECKS))}",
        f"import-activities CSV:  {ours:6.2f} s  {args.rows / ours:10,.0f} rows/s  ({_phases(phases)})",
        f"import-activities XLSX: {xlsx_seconds:6.2f} s  {args.xlsx_rows / xlsx_seconds:10,.0f} rows/s  "
        f"({_phases(xlsx_phases)})",
    ]
    floor, tables = _median(floors) if floors else (0.0, {})
    if floors:
        lines += [
            f"floor: the same rows COPYed into the real tables, no Python: {floor:6.2f} s  "
            f"{args.rows / floor:10,.0f} rows/s",
            *(f"    {table:45} {seconds:6.2f} s" for table, seconds in tables.items()),
            f"ratio import / floor:   {ours / floor:6.2f}×",
        ]
    lines += [
        f"plain COPY of the CSV into a bare temporary table: {bare:6.2f} s  {args.rows / bare:10,.0f} rows/s",
        f"ratio import / bare COPY: {ours / bare:6.1f}×   target ≥ 20,000 rows/s: "
        + ("ok" if args.rows / ours >= TARGET_ROWS_PER_S else "MISSED"),
    ]
    text = "\n".join(lines)
    print(text)
    write_result("bulk-import", text)
    target = Target(
        "bulk import csv", f"bulk import, CSV of {args.rows:,} activities", args.rows / ours, "rows/s", ">=",
        TARGET_ROWS_PER_S,
    )  # fmt: skip
    record("bulk-import", [target], load, {
        "csv_seconds": [run[0] for run in imports], "csv_phases": phases,
        "xlsx_rows_per_s": args.xlsx_rows / xlsx_seconds, "xlsx_phases": xlsx_phases,
        "floor_rows_per_s": args.rows / floor if floor else None, "floor_tables": tables,
        "bare_copy_rows_per_s": args.rows / bare, "key_checks": sorted(KEY_CHECKS),
    })  # fmt: skip


if __name__ == "__main__":
    main()
