"""The email providers' webhooks, mounted at /hooks/email/ (dragonfly/urls.py): anymail's own views
for delivery tracking (bounces: bounces.py) and inbound mail (replies: replies.py).

Each view is anymail's, guarded twice: with no ANYMAIL_WEBHOOK_SECRET the hooks are off (404: anymail
alone would accept anyone's post with only a warning), and a post without the right basic-auth
credentials answers 401 with a challenge (anymail alone says 400), changing nothing."""

from functools import wraps

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.amazon_ses import AmazonSESInboundWebhookView, AmazonSESTrackingWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView, PostmarkTrackingWebhookView
from anymail.webhooks.resend import ResendInboundWebhookView, ResendTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridInboundWebhookView, SendGridTrackingWebhookView
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

# The providers EMAIL_PROVIDER offers (SMTP has no webhooks): their tracking and inbound views.
VIEWS = {
    "sendgrid": (SendGridTrackingWebhookView, SendGridInboundWebhookView),
    "resend": (ResendTrackingWebhookView, ResendInboundWebhookView),
    "postmark": (PostmarkTrackingWebhookView, PostmarkInboundWebhookView),
    "amazon_ses": (AmazonSESTrackingWebhookView, AmazonSESInboundWebhookView),
}


def guarded(view):
    @csrf_exempt
    @login_not_required  # the provider signs in with the webhook secret (basic auth), not a session
    @wraps(view)
    def hook(request, *args, **kwargs):
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            raise Http404("Email webhooks are off: ANYMAIL_WEBHOOK_SECRET is not set.")
        try:
            return view(request, *args, **kwargs)
        except AnymailWebhookValidationFailure:
            response = HttpResponse("Missing or wrong webhook credentials.", status=401, content_type="text/plain")
            response["WWW-Authenticate"] = 'Basic realm="Dragonfly email webhooks"'
            return response

    return hook


urlpatterns = [
    pattern
    for provider, (tracking, inbound) in VIEWS.items()
    for pattern in (
        path(f"{provider}/tracking/", guarded(tracking.as_view()), name=f"{provider}_tracking"),
        path(f"{provider}/inbound/", guarded(inbound.as_view()), name=f"{provider}_inbound"),
    )
]
