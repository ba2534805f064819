from django.db import migrations


def seed(apps, schema_editor):
    from automations.catalog import sync_catalogs

    sync_catalogs(apps.get_model("automations", "TriggerCatalog"), apps.get_model("automations", "ActionCatalog"))


class Migration(migrations.Migration):
    """The trigger and action catalogs: the platform spec's advancing keys and one trigger per domain event."""

    dependencies = [("automations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
