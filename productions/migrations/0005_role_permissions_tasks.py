from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for milestones, tasks, compliance and teams; afterwards admins edit them."""

    dependencies = [("productions", "0004_lifecycle_tasks_milestones_compliance"), ("tenancy", "0002_role_groups")]

    operations = [role_permissions_migration("productions")]
