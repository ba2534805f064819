from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for site maps, zones, utilities, readings, outages and booking rules."""

    dependencies = [("locations", "0004_site_maps_utilities_facilities")]

    operations = [role_permissions_migration("locations")]
