from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = gettext_lazy("Marketplace")

    def ready(self):
        from . import notifications  # noqa: F401  (subscribes to the order moves)
