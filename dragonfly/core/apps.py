from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "dragonfly.core"
    label = "core"
    verbose_name = "Dragonfly core"

    def ready(self):
        from .serializers import install_defaults

        install_defaults()


class DragonflyAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "dragonfly.core.admin_site.DragonflyAdminSite"
