from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TokensConfig(AppConfig):
    name = "dragonfly.tokens"
    label = "tokens"
    verbose_name = _("API tokens")

    def ready(self):
        from dragonfly.core.cleanup import register_step

        from . import schema  # noqa: F401 - registers the OpenAPI security scheme
        from .services import remove_expired_tokens

        register_step("api_tokens", _("API tokens expired over 30 days ago"), remove_expired_tokens)
