"""Full-text search on PostgreSQL: a GIN index on to_tsvector('simple', folded) of people's names."""

from django.db import migrations

from hoptac.core.fulltext import fulltext_index


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [fulltext_index("people.Person", "folded", "person_folded_fts")]
