# Hand-written: PostgreSQL's GIN indexes, for full text on the entries and trigrams on the title words
# (SQLite has neither; search falls back to icontains there).

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "search_entry_document_gin": "search_searchentry USING gin (document)",
    "search_word_trgm": "search_searchword USING gin (word gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, how in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {how}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0001_initial'),
    ]

    operations = [
        # CreateExtension does nothing on databases other than PostgreSQL (advancing 0004 made it already).
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
