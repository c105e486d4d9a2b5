"""Full-text search on PostgreSQL: a GIN index on to_tsvector('simple', folded) in place of the trigram index."""

from django.db import migrations

from hoptac.core.fulltext import fulltext_index
from hoptac.core.trigram import drop_trigram_index


class Migration(migrations.Migration):
    dependencies = [("sources", "0006_folded_trigram")]

    operations = [
        fulltext_index("sources.Source", "folded", "source_folded_fts"),
        drop_trigram_index("sources_source", "folded", "source_folded_trgm"),
    ]
