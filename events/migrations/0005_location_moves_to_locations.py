"""Location now belongs to the locations app (locations 0001): in the migration state, Event.location
points at locations.Location and events.Location is gone. The database is untouched: the table,
its rows and the events_event.location_id foreign key stay exactly as they were."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_role_permissions_schedule"),
        ("locations", "0001_initial"),
        # Production.venue leaves events.Location first, so nothing points at it when it goes.
        ("productions", "0006_venue_in_locations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="location",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="events",
                        to="locations.location",
                    ),
                ),
                migrations.DeleteModel(name="Location"),
            ],
            database_operations=[],
        ),
    ]
