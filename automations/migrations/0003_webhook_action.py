from django.db import migrations


def seed(apps, schema_editor):
    from automations.catalog import sync_catalogs

    sync_catalogs(apps.get_model("automations", "TriggerCatalog"), apps.get_model("automations", "ActionCatalog"))


class Migration(migrations.Migration):
    """The "send a webhook" action joins the catalog (dragonfly/webhooks exists now)."""

    dependencies = [("automations", "0002_seed_catalogs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
