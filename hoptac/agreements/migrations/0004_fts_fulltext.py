"""Full-text search on PostgreSQL: a GIN index on to_tsvector('simple', folded) of the agreements' titles."""

from django.db import migrations

from hoptac.core.fulltext import fulltext_index


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_agreement_folded")]

    operations = [fulltext_index("agreements.Agreement", "folded", "agreement_folded_fts")]
