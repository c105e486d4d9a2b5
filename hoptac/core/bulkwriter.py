"""Writing many rows fast: PostgreSQL COPY through psycopg, or batched INSERTs on other databases.

Rows are plain tuples in the order of the table's columns; ids are assigned by the caller so that
children can refer to parents without a round trip. Tables are flushed together, parents first,
so foreign keys hold at every moment (constraints stay immediate).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

Convert = Callable[[Any], Any]


class Table:
    """Rows waiting to be written to one table."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], connection: BaseDatabaseWrapper):
        self.model = model
        self.name = model._meta.db_table
        self.fields = [model._meta.get_field(c) for c in columns]
        self.columns = [f.column for f in self.fields]  # type: ignore[union-attr]
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        self.converters: list[Convert | None] = []
        postgres = connection.vendor == "postgresql"
        for field in self.fields:
            # psycopg adapts UUIDs, datetimes and decimals itself; other databases need Django's form.
            needs = isinstance(field, models.UUIDField | models.DateTimeField | models.DecimalField)
            self.converters.append(
                None if postgres or not needs else _converter(field, connection)  # type: ignore[arg-type]
            )

    def next_id(self, connection: BaseDatabaseWrapper) -> int:
        """The first free primary key (ids are assigned by the generator, not by the database)."""
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX("{self.model._meta.pk.column}") FROM "{self.name}"')  # type: ignore[union-attr]
            return int(cursor.fetchone()[0] or 0) + 1


def _converter(field: models.Field, connection: BaseDatabaseWrapper) -> Convert:
    def convert(value: Any) -> Any:
        return None if value is None else field.get_db_prep_save(value, connection)

    return convert


class Writer:
    """Buffers rows per table and writes them in batches, in the order the tables were declared."""

    def __init__(self, connection: BaseDatabaseWrapper, batch: int = 20_000, on_flush: Any = None) -> None:
        self.connection = connection
        self.batch = batch
        self.tables: list[Table] = []
        self.pending = 0
        self.on_flush = on_flush or (lambda written: None)

    def table(self, model: type[models.Model], columns: Sequence[str]) -> Table:
        """Declare a table; declare parents before the tables that refer to them."""
        table = Table(model, columns, self.connection)
        self.tables.append(table)
        return table

    def add(self, table: Table, row: tuple[Any, ...]) -> None:
        table.rows.append(row)
        self.pending += 1
        if self.pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write every buffered row, parents first."""
        written = 0
        for table in self.tables:
            if table.rows:
                self._write(table)
                written += len(table.rows)
                table.written += len(table.rows)
                table.rows = []
        self.pending = 0
        self.on_flush(written)

    def _write(self, table: Table) -> None:
        columns = ", ".join(f'"{c}"' for c in table.columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:  # type: ignore[attr-defined]
                    for row in table.rows:
                        copy.write_row(row)
                return
            rows = table.rows
            if any(table.converters):
                pairs = list(enumerate(table.converters))
                rows = [tuple(c(v) if c else v for (_, c), v in zip(pairs, row, strict=True)) for row in rows]
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', rows)

    def counts(self) -> dict[str, int]:
        """Rows written per table."""
        return {t.name: t.written for t in self.tables}

    def reset_sequences(self) -> None:
        """Move each table's id sequence past the ids written here (PostgreSQL only needs it)."""
        from django.core.management.color import no_style

        models_ = list({t.model for t in self.tables})
        statements = self.connection.ops.sequence_reset_sql(no_style(), models_)
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
