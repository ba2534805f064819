from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions for listing photos (the pages ask the listing's own permissions)."""

    dependencies = [
        ("marketplace", "0003_listing_photos"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [role_permissions_migration("marketplace")]
