"""Bulk import of activities: every row checked by the services' rules, then all rows written at once.

Places, agreements, commitments and people are looked up once for the whole file, not per row. A
sheet repeats the same few kinds, dates, parties and agreements on thousands of rows, so each
distinct cell is checked once, by the same helpers the services use (same rules, same messages),
and the answer is remembered; a row is then a handful of dictionary look-ups. Rows are written
with COPY on PostgreSQL (batched INSERTs elsewhere), each with its history entry, so the audit
trail is the same as for an activity entered on the web page.

The steps have their own modules: reading (CSV and XLSX), checking (with cells and lookups; a refusal's
messages in problems) and writing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.core import freshness
from hoptac.imports.checking import Checked, check_rows


@dataclass
class ImportResult:
    """How many activities were written, and how fast."""

    rows: int
    seconds: float
    people_created: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    # How the rows' foreign keys were checked: "set-based" (one query per referenced table, the per-row
    # triggers left out) or "per row" (PostgreSQL's own triggers, at the commit).
    key_checks: str = "per row"

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _check_permission(user: Any, rows: list[Checked]) -> None:
    """The same rule as the web form: the user may add activities under each agreement named."""
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement
    from hoptac.core.permissions import require_create

    pks = {pk for r in rows for pk in r.agreements}
    for agreement in Agreement.objects.filter(pk__in=pks):
        require_create(user, Activity, agreement)
    if any(not r.agreements for r in rows):
        require_create(user, Activity)


def _check_written(user: Any, rows: list[Checked]) -> None:
    """Rights on the result, as the services check them: each activity written under no agreement must
    be one the user may change (held in or with one of an officer's provinces). One activity of each
    distinct (place, parties) stands for the rest."""
    from hoptac.activities.models import Activity
    from hoptac.core.permissions import require_change

    first: dict[tuple[str | None, frozenset[str]], str] = {}
    for row in rows:
        if not row.agreements and not row.commitments:
            first.setdefault((row.place, frozenset(row.parties)), row.uid)
    for activity in Activity.objects.filter(uid__in=list(first.values())):
        require_change(user, activity)


def _latest_per_place(rows: list[Checked]) -> dict[str, str]:
    """The latest date among the rows of each place they name (host or party)."""
    latest: dict[str, str] = {}
    for row in rows:
        if row.date:
            for code in filter(None, (row.place, *row.parties)):
                if row.date > latest.get(code, ""):
                    latest[code] = row.date
    return latest


def import_activities(
    path: Path,
    user: Any = None,
    reason: str | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> ImportResult:
    """Import every row of a CSV or XLSX file as an activity: all rows or, on any error, none;
    `progress(percent, step)` is told as each step (read, check, write) begins."""
    from hoptac.activities import bounds
    from hoptac.imports.reading import read_sheet
    from hoptac.imports.writing import write_activities

    tell = progress or (lambda percent, step: None)
    started = time.perf_counter()
    tell(5, _("reading %(name)s") % {"name": path.name})
    header, rows = read_sheet(path)
    read_rows = list(rows)
    read = time.perf_counter()
    tell(30, _("checking %(count)s rows") % {"count": len(read_rows)})
    good, look = check_rows(header, read_rows, user)
    if user is not None:
        _check_permission(user, good)
    checked = time.perf_counter()
    tell(60, _("writing %(count)s activities") % {"count": len(good)})
    with transaction.atomic():
        people, checks = write_activities(
            good, look, user, reason or f"bulk import of {path.name}", timezone.now()
        )
        if user is not None:
            _check_written(user, good)  # refused: the whole file is rolled back
        # Rows went in by COPY, past the signals that keep cached pages fresh and places' bounds right.
        freshness.changed()
        bounds.raise_for(_latest_per_place(good))
    done = time.perf_counter()
    return ImportResult(
        len(good),
        done - started,
        people,
        {"read": read - started, "check": checked - read, "write": done - checked},
        checks,
    )
