from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for this app's models; afterwards admins edit them."""

    dependencies = [("dashboard", "0001_initial"), ("tenancy", "0002_role_groups")]

    operations = [role_permissions_migration("dashboard")]
