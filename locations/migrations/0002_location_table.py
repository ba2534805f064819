"""events_location becomes locations_location: a rename, so rows, primary keys and the foreign keys
of other tables stay as they are (PostgreSQL and SQLite ≥ 3.26 carry the references along)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("locations", "0001_initial"),
        ("events", "0005_location_moves_to_locations"),
        ("productions", "0006_venue_in_locations"),
    ]

    operations = [migrations.AlterModelTable(name="location", table=None)]
