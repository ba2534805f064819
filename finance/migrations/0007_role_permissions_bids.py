from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for requests for quote, bids and agreements."""

    dependencies = [("finance", "0006_agreement_purchaseorder_agreement_agreementrate_and_more")]

    operations = [role_permissions_migration("finance")]
