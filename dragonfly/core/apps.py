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

        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from .hot import forget_user

        def new_user_starts_uncached(sender, instance, created, **kwargs):
            if created:
                forget_user(instance.pk)

        post_save.connect(new_user_starts_uncached, sender=get_user_model(), dispatch_uid="core.hot.new_user")


class DragonflyAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "dragonfly.core.admin_site.DragonflyAdminSite"
