from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "Finance"

    def ready(self):
        from . import notifications  # noqa: F401 (subscribes who hears about finance)
        from .services.advances import subscribe_to_advances

        subscribe_to_advances()  # advance ↔ money, inside advancing's transactions
