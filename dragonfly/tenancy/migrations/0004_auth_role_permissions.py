from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """Organization admins manage user accounts (the admin still narrows them to their organization)."""

    dependencies = [("tenancy", "0003_role_permissions"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [role_permissions_migration("auth")]
