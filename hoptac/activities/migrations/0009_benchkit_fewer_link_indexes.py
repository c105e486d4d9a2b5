"""Fewer indexes to write per imported activity (issue 16): the link copies of a history entry are read by
the entry only, and each link table's (activity_id, …) unique index already serves lookups by activity,
so its single-column activity_id index is dropped (PostgreSQL; other databases keep it)."""

import django.db.models.deletion
from django.db import migrations, models

LINK_TABLES = ("activities_activity_parties", "activities_activity_agreements", "activities_activity_commitments")
# The single-column index on activity_id, whatever name Django gave it.
SINGLE = """
    SELECT i.indexrelid::regclass::text FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE i.indrelid = %s::regclass AND i.indnatts = 1 AND NOT i.indisunique AND a.attname = 'activity_id'
"""


def drop_single_activity_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in LINK_TABLES:
            cursor.execute(SINGLE, [table])
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")


def restore_single_activity_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in LINK_TABLES:
            cursor.execute(f'CREATE INDEX IF NOT EXISTS "{table[:40]}_activity_id" ON "{table}" (activity_id)')


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
        migrations.RunPython(drop_single_activity_indexes, restore_single_activity_indexes),
    ]
