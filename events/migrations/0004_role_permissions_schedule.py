from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for venues, events, crew calls, cues and incidents."""

    dependencies = [("events", "0003_schedule_venues_run_of_show"), ("tenancy", "0002_role_groups")]

    operations = [role_permissions_migration("events")]
