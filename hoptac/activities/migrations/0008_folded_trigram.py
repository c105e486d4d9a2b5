"""A trigram index on the folded text, on PostgreSQL: search's LIKE '%word%' read off an index, not a scan."""

import logging
from typing import Any

from django.db import migrations, transaction

log = logging.getLogger(__name__)


def add_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite scans: a province's registry is small
    try:
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # search still works, only slower: say so instead of failing the upgrade
        log.warning("pg_trgm unavailable (%s): search of activities will scan", exc)
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS activity_folded_trgm ON activities_activity USING gin (folded gin_trgm_ops)"
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS activity_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [("activities", "0007_fewer_write_indexes")]

    operations = [migrations.RunPython(add_index, drop_index)]
