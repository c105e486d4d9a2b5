"""Full-text search on PostgreSQL: GIN indexes on to_tsvector('simple', folded) of place names and aliases."""

from django.db import migrations

from hoptac.core.fulltext import fulltext_index


class Migration(migrations.Migration):
    dependencies = [("places", "0002_activity_bounds")]

    operations = [
        fulltext_index("places.Place", "folded", "place_folded_fts"),
        fulltext_index("places.PlaceAlias", "folded", "place_alias_folded_fts"),
    ]
