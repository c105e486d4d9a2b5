"""A trigram index on the sources' folded title and address, on PostgreSQL (search by words, not a scan)."""

import logging
from typing import Any

from django.db import migrations, transaction

log = logging.getLogger(__name__)


def add_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # search still works, only slower
        log.warning("pg_trgm unavailable (%s): search of sources will scan", exc)
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS source_folded_trgm ON sources_source USING gin (folded gin_trgm_ops)"
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS source_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [("sources", "0005_folded")]

    operations = [migrations.RunPython(add_index, drop_index)]
