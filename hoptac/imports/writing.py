"""Writing checked activity rows, their links and their history entries in a few large statements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db import connection

from hoptac.core.validation import as_uuid
from hoptac.synth.writer import Writer

BATCH = 50_000


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


def write_activities(rows: list[Any], look: Any, user: Any, reason: str, now: dt.datetime) -> int:
    """Write the rows (inside the caller's transaction); returns how many people were created."""
    from hoptac.activities.models import Activity

    people, created = _people(rows, look)
    history = Activity.history.model  # type: ignore[attr-defined]
    writer = Writer(connection, batch=BATCH)
    columns = ("kind", "title", "date", "end_date", "place", "status", "direction", "head_of_delegation",
               "delegation_size", "description")  # fmt: skip
    activity = writer.table(Activity, ("id", "uid", "created_at", "updated_at", *columns))
    links = [
        (name, target, writer.table(getattr(Activity, name).through, ("id", "activity", target)))
        for name, target in (("parties", "place"), ("agreements", "agreement"), ("commitments", "commitment"))
    ]
    historical = writer.table(
        history,
        ("history_id", "id", "uid", "created_at", "updated_at", *columns, "history_date",
         "history_change_reason", "history_type", "history_user"),
    )  # fmt: skip
    historical_links = {
        name: writer.table(
            apps.get_model("activities", f"HistoricalActivity_{name}"),
            ("m2m_history_id", "id", "history", "activity", target),
        )
        for name, target, _ in links
    }
    next_id = {t.name: t.next_id(connection) for t in writer.tables}
    user_id = getattr(user, "pk", None)
    reason = reason[:100]

    def take(table: Any) -> int:
        value = next_id[table.name]
        next_id[table.name] = value + 1
        return value

    for row in rows:
        aid, hid = take(activity), take(historical)
        v = row.values
        head = people.get(row.head) if row.head else None
        date, end = (str(v[k]) if v[k] is not None else None for k in ("date", "end_date"))
        values = (v["kind"], v["title"], date, end, v["place"], v["status"], v["direction"],
                  head, v["delegation_size"], v["description"])  # fmt: skip
        writer.add(activity, (aid, row.uid, now, now, *values))
        writer.add(historical, (hid, aid, row.uid, now, now, *values, now, reason, "+", user_id))
        targets = {
            "parties": row.parties,
            "agreements": [look.agreements[u] for u in row.agreements],
            "commitments": [look.commitments[u] for u in row.commitments],
        }
        for name, _, table in links:
            for target in targets[name]:
                link_id = take(table)
                writer.add(table, (link_id, aid, target))
                writer.add(historical_links[name], (take(historical_links[name]), link_id, hid, aid, target))
    writer.flush()
    writer.reset_sequences()
    return created
