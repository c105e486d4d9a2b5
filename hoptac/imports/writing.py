"""Writing checked activity rows, their links and their history entries in a few large statements.

Every activity gets the rows that create_activity and simple-history would give it: the activity,
one history entry ("+", the import's reason and user), its party, agreement and commitment links,
and a copy of each link attached to that history entry (simple-history reads an entry's links from
those copies, so without them the entry would say the activity was created without parties).

On PostgreSQL each table is one COPY of a text payload built here, with ids reserved from the
tables' own sequences (so an activity saved on the web meanwhile cannot take the same id); other
databases get batched INSERTs through the generic writer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db import connection

from hoptac.core.validation import as_uuid
from hoptac.imports.bulk import Payload, References, Rows, copy_all, insert_all, reserve

VALUES = ("kind", "title", "date", "end_date", "place", "status", "direction", "head_of_delegation",
          "delegation_size", "description")  # fmt: skip
LINKS = (("parties", "place"), ("agreements", "agreement"), ("commitments", "commitment"))
_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


@lru_cache(maxsize=65_536)
def folded(title: str, description: str) -> str:
    """What Activity.save() stores in `folded` (imported titles repeat, so each is folded once)."""
    from hoptac.core.text import fold

    return fold(f"{title} {description}")


def _people(rows: list[Any], look: Any) -> tuple[dict[str, int], int]:
    """Heads of delegation by id or by name; a name not yet known becomes a person (as on the web form)."""
    from hoptac.core.text import fold
    from hoptac.people.models import Person
    from hoptac.people.services import find_or_create_person

    ids: dict[str, int] = {}
    created = 0
    for name in sorted({r.head for r in rows if r.head}):
        uid = as_uuid(name)
        if uid is not None:
            ids[name] = look.people[str(uid)]
            continue
        created += not Person.objects.filter(folded=fold(name)).exists()
        ids[name] = find_or_create_person(name).pk
    return ids, created


def references(rows: list[Any], people: dict[str, int], user_id: int | None) -> References:
    """Every key the rows' foreign keys name, by (table, column), for the bulk writer's set-based check."""
    from hoptac.activities.models import Activity

    history = Activity.history.model  # type: ignore[attr-defined]
    table = Activity._meta.db_table
    found: References = {
        (table, "place_id"): {r.place for r in rows},
        (table, "head_of_delegation_id"): {people[r.head] for r in rows if r.head},
        (history._meta.db_table, "history_user_id"): {user_id},
    }
    for name, target in LINKS:
        through = getattr(Activity, name).through
        found[(through._meta.db_table, "activity_id")] = None  # the activities written just before
        found[(through._meta.db_table, f"{target}_id")] = {k for r in rows for k in getattr(r, name)}
    return found


def tables() -> list[str]:
    """The tables an import writes, parents first."""
    from hoptac.activities.models import Activity

    names = [Activity._meta.db_table, Activity.history.model._meta.db_table]  # type: ignore[attr-defined]
    for name, _ in LINKS:
        names.append(getattr(Activity, name).through._meta.db_table)
        names.append(apps.get_model("activities", f"HistoricalActivity_{name}")._meta.db_table)
    return names


def write_activities(rows: list[Any], look: Any, user: Any, reason: str, now: dt.datetime) -> tuple[int, str]:
    """Write the rows (inside the caller's transaction); returns how many people were created and how
    the foreign keys were checked."""
    people, created = _people(rows, look)
    user_id = getattr(user, "pk", None)
    if connection.vendor == "postgresql":
        checks = copy_all(copy_payloads(rows, people, user_id, reason, now), references(rows, people, user_id),
                          tables())  # fmt: skip
        return created, checks
    _insert(rows, people, user_id, reason, now)
    return created, "per row"


def _copy_text(value: str) -> str:
    return value.translate(_ESCAPES) if _SPECIAL.search(value) else value


def _columns(model: Any, names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(n).column for n in names]


def copy_payloads(
    rows: list[Any], people: dict[str, int], user_id: int | None, reason: str, now: dt.datetime
) -> Iterator[Payload]:
    """Every table's COPY text for these rows, parents first, with ids reserved from the sequences
    (PostgreSQL). Only the first step touches the database: the rest may run while a payload is sent."""
    from hoptac.activities.models import Activity

    history = Activity.history.model  # type: ignore[attr-defined]
    through = {name: getattr(Activity, name).through for name, _ in LINKS}
    copies = {name: apps.get_model("activities", f"HistoricalActivity_{name}") for name, _ in LINKS}
    counts = {name: sum(len(getattr(r, name)) for r in rows) for name, _ in LINKS}
    activity_ids, history_ids, *link_ids = reserve(
        [(Activity, len(rows)), (history, len(rows)), *((through[name], counts[name]) for name, _ in LINKS)]
    )
    stamp = now.isoformat()
    stamps = f"\t{stamp}\t{stamp}\t"
    heads = {name: str(pk) for name, pk in people.items()}
    values = [
        "\t".join((
            row.kind, _copy_text(row.title), row.date or NULL, row.end_date or NULL, row.place or NULL,
            row.status, row.direction, heads[row.head] if row.head else NULL,
            NULL if row.delegation_size is None else str(row.delegation_size), _copy_text(row.description),
        ))
        for row in rows
    ]  # fmt: skip
    common = ("id", "uid", "created_at", "updated_at", *VALUES)
    # The activity row also carries its folded text (for search); the history table does not keep it.
    yield Payload(
        Activity._meta.db_table,
        _columns(Activity, (*common, "folded")),
        "".join([
            f"{a}\t{r.uid}{stamps}{v}\t{_copy_text(folded(r.title, r.description))}\n"
            for a, r, v in zip(activity_ids, rows, values, strict=True)
        ]),
    )  # fmt: skip
    tail = f"\t{stamp}\t{_copy_text(reason[:100])}\t+\t{NULL if user_id is None else user_id}\n"
    yield Payload(
        history._meta.db_table,
        _columns(history, ("history_id", *common, "history_date", "history_change_reason", "history_type",
                           "history_user")),
        "".join([f"{h}\t{a}\t{r.uid}{stamps}{v}{tail}"
                 for h, a, r, v in zip(history_ids, activity_ids, rows, values, strict=True)]),
    )  # fmt: skip
    del values
    for (name, target), ids in zip(LINKS, link_ids, strict=True):
        if not ids:
            continue
        pairs = [
            (a, h, t)
            for r, a, h in zip(rows, activity_ids, history_ids, strict=True)
            for t in getattr(r, name)
        ]
        yield Payload(
            through[name]._meta.db_table,
            _columns(through[name], ("id", "activity", target)),
            "".join([f"{i}\t{a}\t{t}\n" for i, (a, _, t) in zip(ids, pairs, strict=True)]),
        )
        yield Payload(
            copies[name]._meta.db_table,
            _columns(copies[name], ("id", "history", "activity", target)),
            "".join([f"{i}\t{h}\t{a}\t{t}\n" for i, (a, h, t) in zip(ids, pairs, strict=True)]),
        )


def _insert(
    rows: list[Any], people: dict[str, int], user_id: int | None, reason: str, now: dt.datetime
) -> None:
    """The generic path (SQLite and others): batched INSERTs with ids after the largest in each table."""
    from hoptac.activities.models import Activity

    history = Activity.history.model  # type: ignore[attr-defined]
    activity = Rows(Activity, ("id", "uid", "created_at", "updated_at", *VALUES, "folded"))
    historical = Rows(
        history,
        ("history_id", "id", "uid", "created_at", "updated_at", *VALUES, "history_date",
         "history_change_reason", "history_type", "history_user"),
    )  # fmt: skip
    links = [
        (
            name,
            Rows(getattr(Activity, name).through, ("id", "activity", target)),
            Rows(
                apps.get_model("activities", f"HistoricalActivity_{name}"),
                ("m2m_history_id", "id", "history", "activity", target),
            ),
        )
        for name, target in LINKS
    ]
    reason = reason[:100]
    for row in rows:
        aid, hid = activity.take(), historical.take()
        values = (row.kind, row.title, row.date, row.end_date, row.place, row.status, row.direction,
                  people[row.head] if row.head else None, row.delegation_size, row.description)  # fmt: skip
        activity.add((aid, row.uid, now, now, *values, folded(row.title, row.description)))
        historical.add((hid, aid, row.uid, now, now, *values, now, reason, "+", user_id))
        for name, table, copy in links:
            for target in getattr(row, name):
                link = table.take()
                table.add((link, aid, target))
                copy.add((copy.take(), link, hid, aid, target))
    insert_all([activity, historical, *(t for _, table, copy in links for t in (table, copy))])
