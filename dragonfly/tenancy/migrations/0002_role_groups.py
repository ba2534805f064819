from django.db import migrations

from dragonfly.tenancy.roles import seed_role_groups


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed_role_groups, migrations.RunPython.noop)]
