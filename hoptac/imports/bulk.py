"""The imports' bulk writer: many rows into a few tables inside the caller's transaction, rules kept.

On PostgreSQL each table's rows go as one COPY payload, sent from a second thread while Python builds
the next, with ids reserved from the tables' own sequences. Foreign keys are checked set-based before
anything is written: each referenced table is read once for the distinct keys the rows name, and those
rows are locked FOR KEY SHARE, as PostgreSQL's own per-row check would lock them, so none can be deleted
before the commit. When the server lets this session (a superuser, or `GRANT SET ON PARAMETER
session_replication_role`) and the tables have no triggers of their own, the per-row foreign-key
triggers are then left out for the COPYs alone — the same guarantee for a tenth of the work. Every
foreign key of a written table must be covered by the keys the caller names, or the rows go through
the per-row checks as usual. Other databases: batched INSERTs with ids after the largest.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, models

# (table, column) → the keys its rows refer to; None: rows written by this same import (its own ids).
References = dict[tuple[str, str], set[Any] | None]
INSERT_BATCH = 5_000


@dataclass
class Payload:
    """The rows of one table as COPY text (tab-separated, \\N for NULL), ready to send."""

    table: str
    columns: Sequence[str]
    text: str

    def send(self, cursor: Any) -> None:
        """COPY the rows into the table (on the cursor's connection and transaction)."""
        names = ", ".join(f'"{c}"' for c in self.columns)
        with cursor.copy(f'COPY "{self.table}" ({names}) FROM STDIN') as copy:
            copy.write(self.text)


def reserve(wanted: list[tuple[Any, int]]) -> list[list[str]]:
    """For each (model, count), that many new ids (as text) from the table's own sequence, in one query."""
    parts = ", ".join(
        # The sequence's name looked up once (a sub-select), not once per id: ten times faster.
        "(SELECT string_agg(nextval((SELECT pg_get_serial_sequence(%s, %s))::regclass)::text, ',')"
        " FROM generate_series(1, %s))"
        for _ in wanted
    )
    params: list[Any] = []
    for model, count in wanted:
        params += [model._meta.db_table, model._meta.pk.column, count]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}", params)
        return [text.split(",") if text else [] for text in cursor.fetchone()]


class _Sender:
    """Sends payloads on the import's connection from a second thread, so that PostgreSQL takes one
    table while Python builds the next: the two overlap instead of waiting for each other (psycopg
    lets go of the GIL while the server works). The caller must not use the connection meanwhile."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection  # the psycopg connection, in the caller's transaction
        self.queue: queue.Queue[Payload | None] = queue.Queue(maxsize=2)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="import-copy", daemon=True)

    def __enter__(self) -> _Sender:
        self.thread.start()
        return self

    def send(self, payload: Payload) -> None:
        """Queue a payload (waits while two are queued); re-raises the sender's error, if any."""
        if self.failure is None:
            self.queue.put(payload)
        if self.failure is not None:
            raise self.failure

    def _run(self) -> None:
        # Whatever fails, the queue is drained to its end, so the caller never waits on a full queue.
        cursor = None
        while (payload := self.queue.get()) is not None:
            if self.failure is None:
                try:
                    cursor = cursor or self.raw.cursor()
                    payload.send(cursor)
                except BaseException as exc:  # handed to the caller's thread, raised there
                    self.failure = exc
        if cursor is not None:
            cursor.close()

    def __exit__(self, *exc: object) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.failure is not None and exc[0] is None:
            raise self.failure


_FOREIGN_KEYS = """
    SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, f.attname
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[]) AND cardinality(c.conkey) = 1
"""


def _quoted(name: str) -> str:
    return '"' + name.strip('"').replace('"', '""') + '"'


def foreign_keys(tables: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(table, column, referenced table, referenced column) of every foreign key of the tables; a key
    over several columns comes out as ('', …) so that callers see they cannot check it set-based."""
    with connection.cursor() as cursor:
        cursor.execute(_FOREIGN_KEYS, [list(tables)])
        found = [(t.strip('"'), c, r.strip('"'), k) for t, c, r, k in cursor.fetchall()]
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])"
            " AND cardinality(conkey) > 1",
            [list(tables)],
        )
        if cursor.fetchone()[0]:
            found.append(("", "", "", ""))
    return found


def may_skip_row_checks(tables: Sequence[str]) -> bool:
    """Whether this session may leave out the per-row foreign-key triggers (replica mode) on the tables:
    it is allowed to, and no table has a trigger of its own that replica mode would silence too."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal",
            [list(tables)],
        )
        if cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        if cursor.fetchone()[0]:
            return True
        cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        return bool(cursor.fetchone()[0])


def check_references(references: References, written: Sequence[str]) -> bool:
    """Check (and lock FOR KEY SHARE) every key the rows refer to, one query per referenced table;
    raises IntegrityError naming what is missing. True when every foreign key of the written tables was
    covered, so the per-row checks would find nothing more."""
    covered = True
    for table, column, target, key in foreign_keys(written):
        if (table, column) not in references:
            covered = False  # a key the caller did not name: the per-row checks must run
            continue
        keys = references[(table, column)]
        if keys is None:
            covered = covered and target in written  # ids this import writes itself, parents first
            continue
        wanted = sorted(k for k in keys if k is not None)
        if not wanted:
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_quoted(key)} FROM {_quoted(target)} WHERE {_quoted(key)} = ANY(%s)"
                f" ORDER BY 1 FOR KEY SHARE",
                [wanted],
            )
            found = {row[0] for row in cursor.fetchall()}
        missing = [k for k in wanted if k not in found]
        if missing:
            shown = ", ".join(str(k) for k in missing[:10])
            raise IntegrityError(
                f"{table}.{column}: no {target} row with {key} {shown}"
                + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
            )
    return covered


def copy_all(payloads: Iterable[Payload], references: References, tables: Sequence[str]) -> str:
    """COPY the payloads (parents first) inside the caller's transaction; returns how the foreign keys
    were checked: 'set-based' (row triggers left out) or 'per row'."""
    covered = check_references(references, tables)
    skip = covered and may_skip_row_checks(tables)
    if skip:
        # SET LOCAL: if a COPY fails, the rollback of the transaction (or savepoint) puts the role back.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('session_replication_role', 'replica', true)")
    with _Sender() as sender:
        for payload in payloads:
            sender.send(payload)
    if skip:  # whatever the caller writes next in this transaction gets the per-row checks again
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('session_replication_role', 'origin', true)")
    return "set-based" if skip else "per row"


class Rows:
    """Rows for one table on the generic path (SQLite): plain tuples in the order of `columns`."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        fields = [model._meta.get_field(c) for c in columns]
        self.columns = [f.column for f in fields]  # type: ignore[union-attr]
        # Django's own conversion for the values the driver cannot take as they are.
        self.prepare = [
            f.get_db_prep_save  # type: ignore[union-attr]
            if isinstance(f, models.UUIDField | models.DateTimeField | models.DecimalField)
            else None
            for f in fields
        ]
        self.rows: list[tuple[Any, ...]] = []
        self.next = self._first_free()

    def _first_free(self) -> int:
        # The import's transaction holds SQLite's write lock (IMMEDIATE), so nobody takes these ids meanwhile.
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX("{self.model._meta.pk.column}") FROM "{self.table}"')  # type: ignore[union-attr]
            return int(cursor.fetchone()[0] or 0) + 1

    def take(self) -> int:
        """The next free id of the table."""
        self.next += 1
        return self.next - 1

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)

    def write(self) -> None:
        """INSERT the rows in batches."""
        names = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        pairs = list(enumerate(self.prepare))
        with connection.cursor() as cursor:
            for start in range(0, len(self.rows), INSERT_BATCH):
                batch = [
                    tuple(
                        p(v, connection) if p and v is not None else v
                        for (_, p), v in zip(pairs, r, strict=True)
                    )
                    for r in self.rows[start : start + INSERT_BATCH]
                ]
                cursor.executemany(f'INSERT INTO "{self.table}" ({names}) VALUES ({marks})', batch)
        self.rows = []


def insert_all(tables: Sequence[Rows]) -> None:
    """Write each table's rows, parents first, and move PostgreSQL's sequences past them if needed."""
    for table in tables:
        table.write()
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list({t.model for t in tables})):
                cursor.execute(sql)
