"""Time a review report for one agreement with 10,000 activities and a few thousand figures, per format.

Usage: .venv/bin/python bench/report.py [--activities N] [--figures N] [--runs N]

Builds a throw-away SQLite database, loads the demo registry, adds N activities (bulk_create, with
their agreement and party links) and N figures under the Kon Tum – Sê Kông agreement, then times
build_report (the data) and each renderer, printing the median of the runs and the query count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 2.0


def _setup() -> None:
    folder = tempfile.mkdtemp(prefix="hoptac-bench-")
    os.environ["HOPTAC_VAR_DIR"] = folder
    os.environ["HOPTAC_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(activities: int, figures: int) -> str:
    """Load the demo data and add the bulk records; the agreement's uid."""
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry
    from hoptac.figures.models import Figure, Metric

    import_registry(json.loads(DEMO_FILE.read_text()))
    agreement = Agreement.objects.get(title__contains="Sê Kông giai đoạn 2022-2027")
    rng = random.Random(7)
    kinds = [k for k in Activity.Kind.values if k != "review_conference"]
    rows = []
    for i in range(activities):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        rows.append(
            Activity(
                kind=rng.choice(kinds),
                title=f"Hoạt động hợp tác số {i + 1}",
                date=day.isoformat(),
                place_id=rng.choice(["VN-28", "LA-XE"]),
                status="held",
                delegation_size=rng.randrange(3, 40),
            )
        )
    made = Activity.objects.bulk_create(rows, batch_size=2000)
    Activity.agreements.through.objects.bulk_create(
        [Activity.agreements.through(activity_id=a.pk, agreement_id=agreement.pk) for a in made],
        batch_size=5000,
    )
    Activity.parties.through.objects.bulk_create(
        [
            Activity.parties.through(activity_id=a.pk, place_id=code)
            for a in made
            for code in ("VN-28", "LA-XE")
        ],
        batch_size=5000,
    )
    metrics = list(Metric.objects.values_list("code", "default_unit"))
    figure_rows = []
    for i in range(figures):
        code, unit = metrics[i % len(metrics)]
        year, month = 2022 + (i // 12) % 3, 1 + i % 12
        figure_rows.append(
            Figure(
                metric_id=code,
                value=Decimal(rng.randrange(1, 10_000)),
                unit=unit if unit != "percent" else "count",
                period_start=f"{year}-{month:02d}",
                period_end=f"{year}-{month:02d}",
                agreement=agreement,
            )
        )
    made_figures = Figure.objects.bulk_create(figure_rows, batch_size=2000)
    Figure.scope.through.objects.bulk_create(
        [Figure.scope.through(figure_id=f.pk, place_id=c) for f in made_figures for c in ("VN-28", "LA-XE")],
        batch_size=5000,
    )
    return str(agreement.uid)


def main() -> None:
    """Print the median time of building the report and of each format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--figures", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hoptac.reports.renderers import FORMATS
    from hoptac.reports.services import build_report

    uid = _fill(args.activities, args.figures)
    start, end = dt.date(2022, 1, 1), dt.date(2024, 12, 31)
    print(f"{args.activities:,} activities, {args.figures:,} figures, median of {args.runs} runs")
    build_report(agreement=uid, start=start, end=end)  # warm-up: imports, fonts
    times = []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            report = build_report(agreement=uid, start=start, end=end)
            times.append(time.perf_counter() - began)
    build = statistics.median(times)
    print(f"{'build_report':14} {build:6.2f} s  ({len(queries)} queries)")
    for name, chosen in FORMATS.items():
        chosen.render(report)  # warm-up
        spent = []
        for _ in range(args.runs):
            began = time.perf_counter()
            size = len(chosen.render(report))
            spent.append(time.perf_counter() - began)
        render = statistics.median(spent)
        verdict = "ok" if build + render < TARGET_SECONDS else "SLOW"
        print(f"{name:14} {render:6.2f} s  total {build + render:5.2f} s  {size:>10,} bytes  {verdict}")


if __name__ == "__main__":
    main()
