from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastsConfig(AppConfig):
    name = "dragonfly.broadcasts"
    label = "broadcasts"
    verbose_name = _("Broadcasts")
