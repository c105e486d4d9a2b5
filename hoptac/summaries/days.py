"""Partial dates (ISO text: "2026", "2026-03", "2026-03-15") as day numbers in SQL, on PostgreSQL and SQLite.

A day number is the count of days since 1970-01-01 (`day_number` in Python), so periods compare and
subtract as integers on both databases. A date without a year ("--03-15") has no day number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Func, IntegerField

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """The day number of a day."""
    return (day - EPOCH).days


class _Day(Func):
    output_field = IntegerField()
    # Both templates see the text once per use; it is a column, so no parameters repeat.
    postgresql = ""
    sqlite = ""

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=self.postgresql, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=self.sqlite, **extra)


class FirstDay(_Day):
    """The first day a partial date can be, as a day number (NULL without a year)."""

    postgresql = (
        "(CASE WHEN substr(%(expressions)s, 1, 1) = '-' THEN NULL"
        " WHEN length(%(expressions)s) = 4 THEN to_date(%(expressions)s || '-01-01', 'YYYY-MM-DD')"
        " WHEN length(%(expressions)s) = 7 THEN to_date(%(expressions)s || '-01', 'YYYY-MM-DD')"
        " ELSE to_date(%(expressions)s, 'YYYY-MM-DD') END - DATE '1970-01-01')"
    )
    sqlite = (
        "CAST(julianday(CASE WHEN substr(%(expressions)s, 1, 1) = '-' THEN NULL"
        " WHEN length(%(expressions)s) = 4 THEN %(expressions)s || '-01-01'"
        " WHEN length(%(expressions)s) = 7 THEN %(expressions)s || '-01'"
        " ELSE %(expressions)s END) - 2440587.5 AS INTEGER)"
    )


class LastDay(_Day):
    """The last day a partial date can be, as a day number (NULL without a year)."""

    postgresql = (
        "(CASE WHEN substr(%(expressions)s, 1, 1) = '-' THEN NULL"
        " WHEN length(%(expressions)s) = 4 THEN to_date(%(expressions)s || '-12-31', 'YYYY-MM-DD')"
        " WHEN length(%(expressions)s) = 7"
        " THEN (to_date(%(expressions)s || '-01', 'YYYY-MM-DD') + INTERVAL '1 month' - INTERVAL '1 day')::date"
        " ELSE to_date(%(expressions)s, 'YYYY-MM-DD') END - DATE '1970-01-01')"
    )
    sqlite = (
        "CAST(julianday(CASE WHEN substr(%(expressions)s, 1, 1) = '-' THEN NULL"
        " WHEN length(%(expressions)s) = 4 THEN %(expressions)s || '-12-31'"
        " WHEN length(%(expressions)s) = 7 THEN date(%(expressions)s || '-01', '+1 month', '-1 day')"
        " ELSE %(expressions)s END) - 2440587.5 AS INTEGER)"
    )
