from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for the finance models; afterwards admins edit them."""

    dependencies = [("finance", "0003_finance_models"), ("tenancy", "0002_role_groups")]

    operations = [role_permissions_migration("finance")]
