from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """Navigators and Deviators, who report outages, may now mark them over (locations.change_outage)."""

    dependencies = [("locations", "0005_role_permissions_for_site_operations")]

    operations = [role_permissions_migration("locations")]
