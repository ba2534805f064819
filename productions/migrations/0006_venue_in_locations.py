"""Production.venue points at locations.Location (the model moved there, locations 0001). State
only: the column, its values and its foreign key constraint on the venue table stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("productions", "0005_role_permissions_tasks"),
        ("locations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="production",
                    name="venue",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="productions",
                        to="locations.location",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
