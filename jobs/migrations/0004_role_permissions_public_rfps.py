from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for public requests for proposals and their bids."""

    dependencies = [("jobs", "0003_public_rfps"), ("tenancy", "0003_role_permissions")]

    operations = [role_permissions_migration("jobs")]
