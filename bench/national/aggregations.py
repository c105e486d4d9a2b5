"""(d) Aggregations through the ORM against the best hand-written SQL for the same answer: the ratio.

    .venv/bin/python -m bench.national.aggregations [--repeat 5]

Each pair must return the same rows (checked); the target is ORM time ≤ 2 × SQL time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from bench.national.common import Target, announce_load, record, setup, write_result

HEADLINE = ("delegations_exchanged", "delegation_members", "border_crossings_people", "trade_turnover")


def _orm_cases() -> dict[str, Callable[[], list[tuple[Any, ...]]]]:
    from django.db.models import Count, F, Sum
    from django.db.models.functions import Substr

    from hoptac.activities.models import Activity
    from hoptac.agreements.models import AgreementParty
    from hoptac.figures.models import Figure

    def by_year_partner_field() -> list[tuple[Any, ...]]:
        # Through the scope links, so that a figure for VN-28 and LA-XE counts for LA-XE.
        rows = (
            Figure.scope.through.objects.filter(
                figure__metric_id="trade_turnover", figure__agreement__isnull=False
            )
            .exclude(place__code__startswith="VN-")
            .annotate(
                year=Substr("figure__period_start", 1, 4),
                partner=F("place_id"),
                field=F("figure__agreement__fields__code"),
            )
            .values_list("year", "partner", "field")
            .annotate(total=Sum("figure__value"))
            .order_by("year", "partner", "field")
        )
        return list(rows)

    def headline() -> list[tuple[Any, ...]]:
        found = []
        for metric in HEADLINE:
            latest = (
                Figure.objects.filter(metric_id=metric)
                .order_by("-period_end", "-id")
                .values_list("metric_id", "period_end", "value")
                .first()
            )
            if latest:
                found.append((latest[0], str(latest[1]), latest[2]))
        return found

    def activities_per_year() -> list[tuple[Any, ...]]:
        return list(
            Activity.objects.filter(status="held")
            .annotate(year=Substr("date", 1, 4))
            .values_list("year")
            .annotate(n=Count("id"))
            .order_by("year")
        )

    def partners_in_force() -> list[tuple[Any, ...]]:
        return list(
            AgreementParty.objects.exclude(place__code__startswith="VN-")
            .filter(agreement__period_end__gte="2025", agreement__period_start__lte="2025")
            .values_list("place_id")
            .annotate(n=Count("agreement_id"))
            .order_by("-n", "place_id")
        )

    def partner_totals_by_year() -> list[tuple[Any, ...]]:
        return list(
            Figure.objects.filter(metric_id="delegation_members", scope="LA-XE")
            .annotate(year=Substr("period_start", 1, 4))
            .values_list("year")
            .annotate(total=Sum("value"))
            .order_by("year")
        )

    return {
        "figures by year × partner × field (trade)": by_year_partner_field,
        "dashboard headline (latest of 4 metrics)": headline,
        "activities held per year": activities_per_year,
        "agreements in force per partner": partners_in_force,
        "one partner's delegation members per year": partner_totals_by_year,
    }


SQL = {
    "figures by year × partner × field (trade)": """
        SELECT substr(f.period_start, 1, 4) AS y, s.place_id, af.cooperationfield_id, SUM(f.value)
        FROM figures_figure f
        JOIN figures_figure_scope s ON s.figure_id = f.id AND s.place_id NOT LIKE 'VN-%%'
        LEFT JOIN agreements_agreement_fields af ON af.agreement_id = f.agreement_id
        WHERE f.metric_id = 'trade_turnover' AND f.agreement_id IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""",
    "dashboard headline (latest of 4 metrics)": """
        SELECT m.code, l.period_end, l.value FROM unnest(%s::text[]) WITH ORDINALITY AS m(code, n)
        CROSS JOIN LATERAL (SELECT period_end, value FROM figures_figure WHERE metric_id = m.code
                            ORDER BY period_end DESC, id DESC LIMIT 1) l ORDER BY m.n""",
    "activities held per year": """
        SELECT substr(date, 1, 4), COUNT(*) FROM activities_activity WHERE status = 'held' GROUP BY 1 ORDER BY 1""",
    "agreements in force per partner": """
        SELECT p.place_id, COUNT(*) FROM agreements_agreementparty p
        JOIN agreements_agreement a ON a.id = p.agreement_id
        WHERE p.place_id NOT LIKE 'VN-%%' AND a.period_end >= '2025' AND a.period_start <= '2025'
        GROUP BY 1 ORDER BY 2 DESC, 1""",
    "one partner's delegation members per year": """
        SELECT substr(f.period_start, 1, 4), SUM(f.value) FROM figures_figure f
        JOIN figures_figure_scope s ON s.figure_id = f.id AND s.place_id = 'LA-XE'
        WHERE f.metric_id = 'delegation_members' GROUP BY 1 ORDER BY 1""",
}


def _timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _normal(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    out = []
    for row in rows:
        out.append(
            tuple(
                Decimal(v).normalize() if isinstance(v, Decimal | int) and not isinstance(v, bool) else str(v)
                for v in row
            )
        )
    return sorted(out, key=str)


def main() -> None:
    """Print ORM and SQL medians, their ratio, and whether the answers agree."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load = announce_load("the aggregations")
    setup()
    from django.db import connection

    lines = [f"{'aggregation':46} {'ORM ms':>9} {'SQL ms':>9} {'ratio':>6}  same  target(≤2×)"]
    targets = []
    for name, orm in _orm_cases().items():

        def sql(name: str = name) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(SQL[name], [list(HEADLINE)] if "%s" in SQL[name] else None)
                return [tuple(r) for r in cursor.fetchall()]

        sql()  # warm both the same way
        orm()
        orm_ms, orm_rows = _timed(orm, args.repeat)
        sql_ms, sql_rows = _timed(sql, args.repeat)
        same = _normal(orm_rows) == _normal(sql_rows)
        ratio = orm_ms / sql_ms if sql_ms else 0.0
        lines.append(
            f"{name:46} {orm_ms:9.1f} {sql_ms:9.1f} {ratio:6.2f}  {'yes' if same else 'NO':4}  {'ok' if ratio <= 2 else 'MISSED'}"
        )
        # A different answer is a failure whatever the time: no figure, so the target is missed.
        targets.append(Target(f"orm/sql {name}", f"ORM/SQL {name}", ratio if same else None, "×", "<=", 2.0))
    text = "\n".join(lines)
    print(text)
    write_result("aggregations", text)
    record("aggregations", targets, load)


if __name__ == "__main__":
    main()
