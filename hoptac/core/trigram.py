"""A trigram index for LIKE '%word%' on PostgreSQL, as a migration operation that SQLite skips."""

from __future__ import annotations

import logging
from typing import Any

from django.db import migrations, transaction

log = logging.getLogger(__name__)


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """CREATE EXTENSION pg_trgm and a GIN trigram index on table(column); nothing on SQLite.

    Kept out of the model's Meta (where SQLite would have to build it too). When the role may not
    create the extension, the migration logs it and search scans instead of failing the upgrade.
    """

    def add(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite scans: a province's registry is small
        try:
            # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as exc:  # search still works, only slower: say so instead of failing
            log.warning("pg_trgm unavailable (%s): %s.%s will be scanned", exc, table, column)
            return
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(add, drop)


def drop_trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """The reverse of trigram_index: drops the index (full-text search replaced it), rebuilds it when unapplied."""
    operation = trigram_index(table, column, name)
    assert operation.reverse_code is not None
    return migrations.RunPython(operation.reverse_code, operation.code)
