"""Full-text search on PostgreSQL: a stored tsvector of the agreements' folded titles, GIN-indexed."""

from django.db import migrations

from hoptac.core.fulltext import stored_vector


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_agreement_folded")]

    operations = [stored_vector("agreements_agreement", "folded", "agreement_folded_fts")]
