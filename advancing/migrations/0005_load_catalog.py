from django.db import migrations


def load(apps, schema_editor):
    # `migrate` alone gives a working catalog; `manage.py load_catalog` re-syncs it later.
    from advancing.catalog import load_catalog

    load_catalog(model=apps.get_model("advancing", "CatalogItem"))


class Migration(migrations.Migration):
    dependencies = [("advancing", "0004_catalog_search_queue_indexes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
