from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = "Assets"

    def ready(self):
        from . import notifications  # noqa: F401 - subscribes to the maintenance events
