from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dragonfly.accounts"
    label = "accounts"
    verbose_name = "Accounts and profiles"
