from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """A permission to see what assets cost, given by default to every role but Passenger."""

    dependencies = [("assets", "0006_reservationitem_counted")]

    operations = [
        migrations.AlterModelOptions(
            name="asset",
            options={
                "ordering": ["tag", "id"],
                "permissions": [("view_asset_value", "Can see what assets cost (purchase value, maintenance cost)")],
            },
        ),
        role_permissions_migration("assets"),
    ]
