from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class GuestsConfig(AppConfig):
    name = "guests"
    verbose_name = gettext_lazy("Guest lists")
