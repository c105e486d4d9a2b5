"""Fewer indexes to write per imported activity (issue 16): the link copies of a history entry are read by
the entry only (not by activity, linked record or the link's own id), and each link table's
(activity_id, …) unique index already serves lookups by activity, so its single-column activity_id
index is dropped (PostgreSQL; other databases keep them)."""

import django.db.models.deletion
from django.db import migrations, models

# (table, column): the single-column index on it goes, whatever name Django gave it.
DROPPED = (
    *((f"activities_activity_{name}", "activity_id") for name in ("parties", "agreements", "commitments")),
    *((f"activities_historicalactivity_{name}", "id") for name in ("parties", "agreements", "commitments")),
)
SINGLE = """
    SELECT i.indexrelid::regclass::text FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE i.indrelid = %s::regclass AND i.indnatts = 1 AND NOT i.indisunique AND a.attname = %s
"""


def drop_single_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, column in DROPPED:
            cursor.execute(SINGLE, [table, column])
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")


def restore_single_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, column in DROPPED:
            name = f"{table[-30:]}_{column}_bk"
            cursor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0008_folded_trigram'),
        ('agreements', '0003_agreement_folded'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalactivity_agreements',
            name='activity',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.activity'),
        ),
        migrations.AlterField(
            model_name='historicalactivity_agreements',
            name='agreement',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.agreement'),
        ),
        migrations.AlterField(
            model_name='historicalactivity_commitments',
            name='activity',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.activity'),
        ),
        migrations.AlterField(
            model_name='historicalactivity_commitments',
            name='commitment',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.commitment'),
        ),
        migrations.AlterField(
            model_name='historicalactivity_parties',
            name='activity',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.activity'),
        ),
        migrations.RunPython(drop_single_indexes, restore_single_indexes),
    ]
