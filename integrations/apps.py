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
        self._crm_and_analytics()
        register_invoice_panel(invoice_panel)
        register_order_panel(order_panel)
        self._sms()
        self._sso()

    @staticmethod
    def _sso():
        """Sign-in policy the core asks without importing us: SSO-enforced domains refuse passwords, and
        an organization may require two-factor of its admins."""
        from dragonfly.accounts.login_policy import register_password_refusal, register_two_factor_requirement

        from .sso import services as sso  # (tasks: the worker knows check_sso)

        register_password_refusal(sso.password_refusal)
        register_two_factor_requirement(sso.requires_two_factor)

    def _sms(self):
        from django.db.models.signals import post_save

        from dragonfly.notifications.models import Notification
        from dragonfly.notifications.signals import notifications_created

        from .models import Kind
        from .services import register_check
        from .sms.base import register
        from .sms.services import on_notification_saved, on_notifications_created
        from .sms.tasks import check_sms
        from .sms.twilio_adapter import TwilioAdapter

        register(TwilioAdapter())
        register_check(Kind.SMS, check_sms)  # "Test connection" of an SMS connection
        # Every new notification, whichever service made it: the urgent ones may go by SMS too.
        post_save.connect(on_notification_saved, sender=Notification, dispatch_uid="integrations.sms")
        notifications_created.connect(on_notifications_created, sender=Notification, dispatch_uid="integrations.sms")

    @staticmethod
    def _crm_and_analytics():
        """HubSpot for the CRM, PostHog and Mixpanel for analytics, and the domain events they hear
        after the commit: a company's save (its push), an advance's moves (product events)."""
        from dragonfly.core.events import subscribe

        from .accounting.tasks import connect_accounting
        from .analytics import base as analytics
        from .analytics.events import on_advance_event
        from .analytics.mixpanel_adapter import MixpanelAdapter
        from .analytics.posthog_adapter import PostHogAdapter
        from .analytics.tasks import check_analytics
        from .crm import base as crm
        from .crm.hubspot_adapter import HubSpotAdapter
        from .crm.services import on_company_saved
        from .crm.tasks import check_crm
        from .models import Kind
        from .services import register_check

        crm.register(HubSpotAdapter())
        analytics.register(PostHogAdapter())
        analytics.register(MixpanelAdapter())
        register_check(Kind.CRM, check_crm)  # "Test connection" (page and API) of these kinds
        register_check(Kind.ANALYTICS, check_analytics)
        # Accounting's check is its connect task: it reads the Xero organisation the tokens reach.
        register_check(Kind.ACCOUNTING, connect_accounting)
        subscribe("company.saved", in_transaction=True)(on_company_saved)
        for name in ("advance.submitted", "advance.approved", "advance.rejected"):
            subscribe(name)(on_advance_event)
