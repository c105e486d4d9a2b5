"""Building the summary tables from the base tables, and making sure a reader never finds them stale.

Why a rebuild and not a row-by-row upkeep: every write path (forms, API, import, ingest, restore,
delete and undo, the synthetic COPY) already raises the registry version (`core.freshness`), and one
INSERT … SELECT per table is right by construction whichever path wrote; upkeep by signals would have to
be taught each path, and COPY sends none. The background refresh that follows a change (thread or
queued task) rebuilds them before the next visitor comes; a reader that comes first rebuilds them itself.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, IntegerField, QuerySet, Subquery, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone

from hoptac.activities.models import Activity
from hoptac.agreements.models import Commitment
from hoptac.core import freshness
from hoptac.core.models import RegistryVersion
from hoptac.summaries.days import FirstDay, LastDay
from hoptac.summaries.due import delivered_total
from hoptac.summaries.models import ActivityTally, CommitmentTotal, ReviewHeld, SummaryState

_checked = threading.local()


def _sources() -> list[tuple[type[Any], list[str], QuerySet[Any]]]:
    """Each summary table, its columns, and the query whose rows it holds (in the columns' order)."""
    links = Activity.agreements.through.objects
    held = (
        links.filter(activity__kind="review_conference", activity__date__isnull=False)
        .exclude(activity__status="cancelled")
        .exclude(activity__date__startswith="-")  # day and month only: no year to hold a review in
        .annotate(year=Cast(Substr("activity__date", 1, 4), IntegerField()))
        .values_list("agreement_id", "year")  # type: ignore[misc]  # an annotation the stubs cannot see
        .distinct()
        .order_by()
    )
    totals = (
        Commitment.objects.annotate(
            delivered=delivered_total(),
            start_text=Cast("period_start", TextField()),
            first=FirstDay("period_start"),
            last=LastDay(Coalesce("period_end", "due")),
        )
        .values_list("id", "agreement_id", "delivered", "quantity", "start_text", "first", "last")
        .order_by()
    )
    tally = (
        Activity.objects.annotate(period=Substr("date", 1, 7))
        .values("status", "period")
        .annotate(count=Count("id"))
        .values_list("status", "period", "count")
        .order_by()
    )
    return [
        (ReviewHeld, ["agreement_id", "year"], held),
        (
            CommitmentTotal,
            ["commitment_id", "agreement_id", "delivered", "quantity", "start", "first_day", "last_day"],
            totals,
        ),
        (ActivityTally, ["status", "period", "count"], tally),
    ]


def rebuild() -> int:
    """Build every summary table again from the base tables, stamped with the current version; the version."""
    with transaction.atomic():
        state = _state(lock=True)
        # Read before the rows: a change committed meanwhile is in the rows or raises the version again,
        # so a stamp is never newer than what the tables hold.
        number = freshness.version()
        with connection.cursor() as cursor:
            for model, columns, query in _sources():
                table = model._meta.db_table
                sql, params = query.query.sql_with_params()
                cursor.execute(f"DELETE FROM {table}")
                cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) {sql}", params)
        state.version, state.built_at = number, timezone.now()
        state.save(update_fields=["version", "built_at"])
    return number


def _state(lock: bool = False) -> SummaryState:
    rows = SummaryState.objects.select_for_update() if lock else SummaryState.objects.all()
    found = rows.filter(pk=1).first()
    if found is None:
        found, _created = SummaryState.objects.get_or_create(pk=1)
    return found


def is_current() -> bool:
    """Do the summary tables hold the registry at its current version? (One query.)"""
    number = Coalesce(Subquery(RegistryVersion.objects.filter(pk=1).values("number")[:1]), Value(0))
    return SummaryState.objects.filter(pk=1, version=number).exists()


def ensure_current() -> None:
    """Rebuild the summary tables when they are behind the registry (a reader calls this first)."""
    if not is_current():
        with transaction.atomic():
            _state(lock=True)  # whoever waited here for another rebuild may find it done
            if not is_current():
                rebuild()


def usable() -> bool:
    """May a reader use the summary tables now? Rebuilt first when behind; never within a transaction
    that has changed the registry and not committed (a form's own request, a test), which reads the base
    tables instead, as the pages' cache does."""
    if freshness.pending():
        return False
    # Asked once per transaction (a request under ATOMIC_REQUESTS), not by every reader of a page.
    block = connection.atomic_blocks[0] if connection.in_atomic_block else None
    if block is not None and getattr(_checked, "block", None) is block:
        return True
    ensure_current()
    _checked.block = block
    return True


def tally_per_year(status: str, since: int | None = None) -> list[tuple[int, int]]:
    """(year, activities of the status) in year order, from the activity tally (from `since`)."""
    rows = ActivityTally.objects.filter(status=status, period__isnull=False).exclude(period__startswith="-")
    if since is not None:
        rows = rows.filter(period__gte=str(since))
    counts = (
        rows.annotate(year=Substr("period", 1, 4)).values("year").annotate(n=Sum("count")).order_by("year")
    )
    return [(int(c["year"]), c["n"]) for c in counts]


def tally_per_month(statuses: tuple[str, ...], year: int) -> dict[int | None, int]:
    """How many activities of the statuses each month of a year has (None: known only to the year)."""
    rows = ActivityTally.objects.filter(status__in=statuses, period__gte=str(year), period__lt=str(year + 1))
    counts = rows.values("period").annotate(n=Sum("count")).order_by()
    periods = [(c["period"] or "", c["n"]) for c in counts]
    return {(int(period[5:7]) if len(period) == 7 else None): n for period, n in periods}
