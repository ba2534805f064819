from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default powers over invitations: organization admins (Phantom, Legend) invite."""

    dependencies = [("tenancy", "0005_invitation")]

    operations = [role_permissions_migration("tenancy")]
