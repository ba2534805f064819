from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dragonfly.accounts"
    label = "accounts"
    verbose_name = _("Accounts and profiles")

    def ready(self):
        from . import signals  # noqa: F401  (two-factor setup flag at sign-in)
