"""An agreement's activity links read off one index, without visiting the link table's rows.

The agreement page (and the figures reported at its activities) reads every link of an agreement:
through the single-column index on `agreement_id` that cost a bitmap heap scan of ~1,500 pages for
the busiest agreement; `(agreement_id, activity_id)` answers it from the index alone (10 pages). It
replaces the single-column index, which it covers, so writes keep the same number of indexes.
Django's own index on the field stays in its state (the field still says db_index); only the
database object changes, on SQLite and PostgreSQL alike.
"""

from django.db import migrations

TABLE = "activities_activity_agreements"
OLD = "activities_activity_agreements_agreement_id_579ac76b"
NEW = "activity_agreement_link"


class Migration(migrations.Migration):
    dependencies = [("activities", "0008_folded_trigram")]

    operations = [
        migrations.RunSQL(
            [
                f"CREATE INDEX IF NOT EXISTS {NEW} ON {TABLE} (agreement_id, activity_id)",
                f"DROP INDEX IF EXISTS {OLD}",
            ],
            reverse_sql=[
                f"CREATE INDEX IF NOT EXISTS {OLD} ON {TABLE} (agreement_id)",
                f"DROP INDEX IF EXISTS {NEW}",
            ],
        )
    ]
