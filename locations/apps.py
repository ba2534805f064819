from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = gettext_lazy("Locations")
