from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = gettext_lazy("Locations")

    def ready(self):
        from dragonfly.files.panel import files_panel

        from .links import provide_venue_section

        # The venue's floor plans and documents: the core's files panel.
        provide_venue_section("files", files_panel)
