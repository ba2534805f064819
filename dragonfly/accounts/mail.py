"""Mail that carries a secret link (verify your address, accept an invitation).

It is sent once the change commits, straight through Django's EMAIL_BACKEND, and not through the
notification outbox: an outbox row would keep the link's token in the database, where only its
hash may live. A mail server that refuses is logged, never raised into the request: the person
asks again (sign up again, or the admin resends the invitation from the pending list)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

log = logging.getLogger(__name__)


def mail_on_commit(subject: str, body: str, to: str) -> None:
    def send() -> None:
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
        except Exception:
            log.warning("Could not send %r to %s", subject, to, exc_info=True)

    transaction.on_commit(send)
