from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for grants and grant applications (Navigators apply and submit,
    the crew roles read the grants); afterwards admins edit them."""

    dependencies = [("resources", "0003_grants"), ("tenancy", "0002_role_groups")]

    operations = [role_permissions_migration("resources")]
