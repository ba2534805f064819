# Hand-written: a GIN index on the titles' own tsvector (PostgreSQL only), read by the search's title
# pass (services.TITLE_VECTOR is the same expression) so that pass never rechecks weights on the heap.

from django.db import migrations

INDEX = "search_entry_title_gin"
EXPRESSION = "to_tsvector('english'::regconfig, COALESCE(title, ''))"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchentry USING gin ({EXPRESSION})")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0002_full_text_indexes'),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
