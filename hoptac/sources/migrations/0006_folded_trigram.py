"""A trigram index on the sources' folded title and address, on PostgreSQL (search by words, not a scan)."""

from django.db import migrations

from hoptac.core.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [("sources", "0005_folded")]

    operations = [trigram_index("sources_source", "folded", "source_folded_trgm")]
