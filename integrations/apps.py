from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = gettext_lazy("Integrations")

    def ready(self):
        from finance.extensions import register_invoice_panel
        from marketplace.extensions import register_order_panel

        from .payments.base import register
        from .payments.stripe_adapter import StripeAdapter
        from .views import invoice_panel, order_panel

        register(StripeAdapter())
        register_invoice_panel(invoice_panel)
        register_order_panel(order_panel)
