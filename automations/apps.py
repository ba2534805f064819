from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


def restore_catalogs(sender, **kwargs):
    """post_migrate: write the catalogs again when a flush emptied them (transactional tests flush the
    tables and keep the migration history, so the data migration never runs again)."""
    from .catalog import sync_catalogs
    from .models import ActionCatalog, TriggerCatalog

    if not TriggerCatalog.objects.exists() or not ActionCatalog.objects.exists():
        sync_catalogs(TriggerCatalog, ActionCatalog)


class AutomationsConfig(AppConfig):
    name = "automations"
    verbose_name = gettext_lazy("Automations")

    def ready(self):
        from . import engine  # noqa: F401  (registers the domain-event subscriber)

        post_migrate.connect(restore_catalogs, sender=self, dispatch_uid="automations.restore_catalogs")
