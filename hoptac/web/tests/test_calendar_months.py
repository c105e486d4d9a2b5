"""The calendar's first planned activities of each month: one query per month, the same rows as numbering them all."""

from __future__ import annotations

import random
from typing import Any

import pytest

from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity
from hoptac.web.calendar import first_of_each_month

pytestmark = pytest.mark.django_db


def test_per_month_queries_find_the_rows_the_window_function_numbers(admin_user: Any) -> None:
    rng = random.Random(5)
    for _ in range(120):
        year = rng.choice([2025, 2026, 2027])
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])
        create_activity({"kind": "meeting", "date": date, "status": "planned", "title": f"Họp {date}"})
    planned = Activity.objects.filter(status="planned", date__gte="2026", date__lt="2027")
    per_month = [
        row for part in first_of_each_month(planned, 2, 2026, 2026) for row in part.values_list("id")
    ]
    numbered = first_of_each_month(planned, 2, 1, 9999)  # a wide window: every row numbered in one query
    assert sorted(per_month) == sorted(numbered[0].values_list("id"))
    months = {d.isoformat()[:7] for d in planned.values_list("date", flat=True)}
    in_bucket = {
        m: planned.filter(date=m) if len(m) == 4 else planned.filter(date__startswith=m) for m in months
    }
    assert len(per_month) == sum(min(2, rows.count()) for rows in in_bucket.values())
    assert len(months) >= 10  # year-only and most months present: the comparison covers them
