from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = gettext_lazy("Integrations")

    def ready(self):
        from dragonfly.accounts.login_policy import register_password_refusal, register_two_factor_requirement
        from finance.extensions import register_invoice_panel
        from marketplace.extensions import register_order_panel

        from .payments.base import register
        from .payments.stripe_adapter import StripeAdapter
        from .views import invoice_panel, order_panel

        register(StripeAdapter())
        register_invoice_panel(invoice_panel)
        register_order_panel(order_panel)

        from .sso import services as sso  # noqa: F401  (tasks: the worker knows check_sso)

        register_password_refusal(sso.password_refusal)
        register_two_factor_requirement(sso.requires_two_factor)
