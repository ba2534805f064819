"""Stripe through its official SDK: the balance to check a key, Checkout Sessions for a pay link,
`stripe.Webhook.construct_event` to verify an event with the signing secret.

`settings.STRIPE_API_BASE` points the SDK elsewhere (a local stub in tests, stripe-mock when
self-hosted); blank is Stripe itself."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import BadSignature, Checkout, PaymentEvent, Refused, Unreachable

# Currencies Stripe counts in whole units (https://docs.stripe.com/currencies#zero-decimal).
ZERO_DECIMAL = {
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "JPY",
    "KMF",
    "KRW",
    "MGA",
    "PYG",
    "RWF",
    "UGX",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
}


def minor_units(amount: Decimal, currency: str) -> int:
    exponent = 0 if currency.upper() in ZERO_DECIMAL else 2
    return int((amount * (10**exponent)).to_integral_value())


def major_units(value: int, currency: str) -> Decimal:
    exponent = 0 if currency.upper() in ZERO_DECIMAL else 2
    return Decimal(value) / (10**exponent)


class StripeAdapter:
    provider = "stripe"
    fields = (
        ("secret_key", gettext_lazy("Secret key (sk_… or rk_…)")),
        ("webhook_secret", gettext_lazy("Webhook signing secret (whsec_…)")),
    )

    def _client(self, credentials: dict[str, Any]) -> stripe.StripeClient:
        base = getattr(settings, "STRIPE_API_BASE", "")
        return stripe.StripeClient(
            credentials.get("secret_key", ""),
            base_addresses={"api": base} if base else {},
            # Celery retries with back-off; the SDK's own retries would hold the worker longer.
            max_network_retries=0,
            http_client=stripe.RequestsClient(timeout=settings.INTEGRATIONS_TIMEOUT),
        )

    def _call(self, call):
        try:
            return call()
        except (stripe.AuthenticationError, stripe.PermissionError) as exc:
            raise Refused(_("Stripe refused the key: %(reason)s") % {"reason": exc.user_message or exc}) from exc
        except (stripe.InvalidRequestError, stripe.CardError) as exc:
            raise Refused(_("Stripe refused the request: %(reason)s") % {"reason": exc.user_message or exc}) from exc
        except stripe.StripeError as exc:  # connection, rate limit, Stripe's own error: try again
            raise Unreachable(str(exc.user_message or exc)) from exc

    def check(self, credentials: dict[str, Any]) -> str:
        balance = self._call(lambda: self._client(credentials).v1.balance.retrieve())
        mode = _("live") if balance.get("livemode") else _("test mode")
        return _("Stripe answered (%(mode)s).") % {"mode": mode}

    def create_checkout(
        self,
        credentials,
        *,
        amount,
        currency,
        description,
        reference,
        success_url,
        cancel_url,
        idempotency_key,
    ) -> Checkout:
        params = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": currency.lower(),
                        "unit_amount": minor_units(amount, currency),
                        "product_data": {"name": description},
                    },
                }
            ],
            "metadata": reference,
            # The payment intent carries the reference too: payment_intent.succeeded and refunds name it.
            "payment_intent_data": {"metadata": reference},
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
        session = self._call(
            lambda: self._client(credentials).v1.checkout.sessions.create(
                params,
                {"idempotency_key": idempotency_key},
            )
        )
        return Checkout(provider_id=session.id, url=session.url or "")

    def parse_event(self, credentials, payload, signature) -> PaymentEvent:
        secret = credentials.get("webhook_secret", "")
        if not secret or not signature:
            raise BadSignature("missing")
        try:
            event = stripe.Webhook.construct_event(payload, signature, secret)
        except (ValueError, stripe.SignatureVerificationError) as exc:
            raise BadSignature(str(exc)) from exc
        obj = event["data"]["object"]
        kind, checkout_id, intent, amount, refunded = "other", "", "", None, None
        currency = (obj.get("currency") or "").upper()
        if event.type == "checkout.session.completed":
            kind, checkout_id, intent = "paid", obj.get("id", ""), obj.get("payment_intent") or ""
            if obj.get("payment_status") not in (None, "paid", "no_payment_required"):
                kind = "other"  # an asynchronous method not yet settled: payment_intent.succeeded follows
            if obj.get("amount_total") is not None:
                amount = major_units(obj["amount_total"], currency)
        elif event.type == "payment_intent.succeeded":
            kind, intent = "paid", obj.get("id", "")
            if obj.get("amount_received") is not None:
                amount = major_units(obj["amount_received"], currency)
        elif event.type == "charge.refunded":
            kind, intent = "refunded", obj.get("payment_intent") or ""
            # The charge's refunds so far, all together: the new refund is what exceeds those recorded.
            if obj.get("amount_refunded") is not None:
                refunded = major_units(obj["amount_refunded"], currency)
        metadata = obj.get("metadata") or {}
        return PaymentEvent(
            id=event.id,
            type=event.type,
            kind=kind,
            checkout_id=checkout_id,
            payment_intent=intent,
            reference=dict(metadata),
            amount=amount,
            refunded=refunded,
        )
