from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = gettext_lazy("Community")
