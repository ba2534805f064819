from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for broadcasts (ops users send them); afterwards admins edit them."""

    dependencies = [
        ("broadcasts", "0001_initial"),
        ("tenancy", "0002_role_groups"),
    ]

    operations = [role_permissions_migration("broadcasts")]
