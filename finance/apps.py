from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "Finance"

    def ready(self):
        from . import extensions, notifications  # noqa: F401 (notifications subscribe who hears about finance)
        from .services.advances import subscribe_to_advances

        subscribe_to_advances()  # advance ↔ money, inside advancing's transactions
        extensions.register()  # budget variance in production health, the Financials tab
