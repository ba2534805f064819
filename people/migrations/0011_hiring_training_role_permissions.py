from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for this app's new models; afterwards admins edit them."""

    dependencies = [("people", "0010_hiring_training")]

    operations = [role_permissions_migration("people")]
