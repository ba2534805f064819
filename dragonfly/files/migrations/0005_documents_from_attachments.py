from django.db import migrations

from dragonfly.files.buckets import BUCKETS
from dragonfly.files.categories import BUCKET_CATEGORY, create_default_categories


def forwards(apps, schema_editor):
    """Every organization gets the default categories; every stored file of a workspace (not an
    avatar or logo) becomes version 1 of a document of its own, keeping its link, uploader and date."""
    Organization = apps.get_model("tenancy", "Organization")
    Category = apps.get_model("files", "DocumentCategory")
    Attachment = apps.get_model("files", "Attachment")
    Document = apps.get_model("files", "Document")
    categories = {org_id: create_default_categories(Category, org_id) for org_id in Organization.objects.values_list("pk", flat=True)}
    private = [name for name, bucket in BUCKETS.items() if not bucket.public]
    rows = Attachment.objects.filter(workspace__isnull=False, document__isnull=True, bucket__in=private)
    for attachment in rows.select_related("workspace").iterator():
        org_categories = categories.get(attachment.workspace.organization_id, {})
        document = Document.objects.create(
            workspace_id=attachment.workspace_id,
            title=attachment.original_name,
            category=org_categories.get(BUCKET_CATEGORY.get(attachment.bucket, "")),
            bucket=attachment.bucket,
            content_type_id=attachment.content_type_id,
            object_id=attachment.object_id,
            current=attachment,
            created_by_id=attachment.uploaded_by_id,
        )
        Document.objects.filter(pk=document.pk).update(created_at=attachment.created_at, updated_at=attachment.created_at)
        attachment.document = document
        attachment.version = 1
        attachment.save(update_fields=["document", "version"])


def backwards(apps, schema_editor):
    # The files stay; only their documents go (the schema migration before drops the columns).
    apps.get_model("files", "Attachment").objects.update(document=None, version=None)


class Migration(migrations.Migration):
    dependencies = [("files", "0004_documents"), ("tenancy", "0002_role_groups")]

    operations = [migrations.RunPython(forwards, backwards)]
