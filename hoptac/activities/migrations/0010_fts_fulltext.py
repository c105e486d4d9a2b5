"""Full-text search on PostgreSQL: a GIN index on to_tsvector('simple', folded) in place of the trigram index."""

from django.db import migrations

from hoptac.core.fulltext import fulltext_index
from hoptac.core.trigram import drop_trigram_index


class Migration(migrations.Migration):
    dependencies = [("activities", "0009_benchkit_fewer_link_indexes")]

    operations = [
        fulltext_index("activities.Activity", "folded", "activity_folded_fts"),
        # Search no longer asks LIKE '%word%' of the activities: one index less to write on every import.
        drop_trigram_index("activities_activity", "folded", "activity_folded_trgm"),
    ]
