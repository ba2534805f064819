from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for job postings, applications and contracts."""

    dependencies = [("jobs", "0001_initial"), ("tenancy", "0003_role_permissions")]

    operations = [role_permissions_migration("jobs")]
