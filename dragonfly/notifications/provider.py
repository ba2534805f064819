"""The email provider as the platform admin sees it: which one is configured, where its webhooks are,
and a test email that says whether the provider took it or why it refused (the staff status page).

The test email is sent in the request, on purpose: the admin wants the provider's answer on the page.
EMAIL_TIMEOUT (and anymail's REQUESTS_TIMEOUT) bound how long a silent provider can hold it."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dragonfly.tenancy.access import mail_language

from .hooks import VIEWS
from .models import EmailSuppression

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Status:
    provider: str
    backend: str
    inbound_domain: str
    webhooks_on: bool
    tracking_url: str
    inbound_url: str
    active_suppressions: int


def provider_status() -> Status:
    provider = settings.EMAIL_PROVIDER
    hooked = provider in VIEWS
    return Status(
        provider=provider,
        backend=settings.EMAIL_BACKEND,
        inbound_domain=settings.EMAIL_INBOUND_DOMAIN,
        webhooks_on=bool(settings.ANYMAIL.get("WEBHOOK_SECRET")),
        tracking_url=reverse(f"email_hooks:{provider}_tracking") if hooked else "",
        inbound_url=reverse(f"email_hooks:{provider}_inbound") if hooked else "",
        active_suppressions=EmailSuppression.objects.active().count(),
    )


def send_test_email(address: str, *, actor) -> tuple[bool, str]:
    """Send one test email now; (True, "") when the provider accepted it, else (False, its refusal)."""
    with translation.override(mail_language(actor)):
        subject = _("Dragonfly test email")
        body = _("This is a test email sent by %(name)s from the email status page. It arrived, so sending works.") % {
            "name": actor.get_username()
        }
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
    except Exception as exc:  # the provider's or the server's refusal, whatever its type, is the answer
        log.warning("Test email to %s refused", address, exc_info=True)
        return False, f"{type(exc).__name__}: {exc}"[:1000]
    return True, ""
