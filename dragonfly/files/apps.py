from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "dragonfly.files"
    label = "files"
    verbose_name = _("Files")

    def ready(self):
        from dragonfly.tenancy.models import Organization

        from .checks import file_storage

        checks.register(file_storage)

        post_save.connect(_default_categories, sender=Organization, dispatch_uid="files.default_categories")


def _default_categories(sender, instance, created, raw=False, **kwargs):
    """A new organization starts with the default document categories (its admins edit them)."""
    if created and not raw:
        from .categories import create_default_categories
        from .models import DocumentCategory

        create_default_categories(DocumentCategory, instance.pk)
