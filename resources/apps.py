from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = gettext_lazy("Resources")
