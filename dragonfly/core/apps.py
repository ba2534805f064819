from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "dragonfly.core"
    label = "core"
    verbose_name = _("Dragonfly core")

    def ready(self):
        from .serializers import install_defaults

        install_defaults()


class DragonflyAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "dragonfly.core.admin_site.DragonflyAdminSite"
