from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "dragonfly.tenancy"
    label = "tenancy"
    verbose_name = _("Organizations and access")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import restore_role_permissions

        # Connected after auth's create_permissions, so each app's permissions exist by then.
        post_migrate.connect(restore_role_permissions, dispatch_uid="dragonfly.restore_role_permissions")
