from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = gettext_lazy("Marketplace")

    def ready(self):
        from . import extensions, notifications  # noqa: F401  (notifications subscribes to the order moves)

        extensions.register()  # the asset page's "List on the marketplace" button
