from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "dragonfly.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from dragonfly.core.events import subscribe

        from . import incoming  # noqa: F401  (registers the generic handler)

        subscribe("*")(_send_event)


def _send_event(event):
    """After commit: the event becomes a delivery to each endpoint of its organization that wants it."""
    from .services import deliveries_for_event

    deliveries_for_event(event)
