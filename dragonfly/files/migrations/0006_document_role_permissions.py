from django.db import migrations

from dragonfly.tenancy.roles import role_permissions_migration


class Migration(migrations.Migration):
    """The roles' default permissions on documents, categories and share links."""

    dependencies = [("files", "0005_documents_from_attachments")]

    operations = [role_permissions_migration("files")]
