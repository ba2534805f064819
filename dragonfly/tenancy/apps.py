from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "dragonfly.tenancy"
    label = "tenancy"
    verbose_name = _("Organizations and access")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from . import module_settings
        from .models import Organization, Workspace
        from .roles import restore_role_permissions

        # A saved (or deleted) organization or workspace forgets the cached switched-off modules.
        for model, receiver in (
            (Organization, module_settings.organization_saved),
            (Workspace, module_settings.workspace_saved),
        ):
            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=model, dispatch_uid=f"dragonfly.modules_off.{signal}.{model.__name__}")

        # Connected after auth's create_permissions, so each app's permissions exist by then.
        post_migrate.connect(restore_role_permissions, dispatch_uid="dragonfly.restore_role_permissions")
