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
        self._sms()

    def _sms(self):
        from django.db.models.signals import post_save

        from dragonfly.notifications.models import Notification

        from .sms import tasks  # noqa: F401  (its task registers with Celery)
        from .sms.base import register
        from .sms.services import on_notification_saved
        from .sms.twilio_adapter import TwilioAdapter

        register(TwilioAdapter())
        # Every new notification, whichever service made it: the urgent ones may go by SMS too.
        post_save.connect(on_notification_saved, sender=Notification, dispatch_uid="integrations.sms")
