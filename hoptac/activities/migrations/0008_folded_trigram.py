"""A trigram index on the folded text, on PostgreSQL: search's LIKE '%word%' read off an index, not a scan."""

from django.db import migrations

from hoptac.core.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [("activities", "0007_fewer_write_indexes")]

    operations = [trigram_index("activities_activity", "folded", "activity_folded_trgm")]
