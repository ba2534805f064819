"""SMS pages: the Twilio card's connect form (on /integrations/, the org admin's), a person's own
SMS alerts page (opt in with a mobile number), and Twilio's two signed webhooks per connection:
delivery status, and inbound texts (STOP / START).

Test and disconnect are the integrations page's own (integrations.views.check / disconnect)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError

from .. import services as integrations
from .. import views as pages
from ..forms import StripeConnectForm
from ..models import Connection, Kind, Provider, SmsOptIn
from . import services
from .base import BadSignature, sms_adapter_for
from .forms import SmsOptInForm, TwilioConnectForm

log = logging.getLogger(__name__)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def sms_card(request, organization, form=None):
    """The context of the SMS card on /integrations/ (the page view adds it)."""
    connection = integrations.connection_for(organization, Kind.SMS)
    urls = {}
    if connection is not None:
        urls = {
            "status_url": request.build_absolute_uri(
                reverse("integrations:twilio_status", args=[connection.webhook_token])
            ),
            "inbound_url": request.build_absolute_uri(
                reverse("integrations:twilio_inbound", args=[connection.webhook_token])
            ),
        }
    return {
        "connection": connection,
        "form": form or TwilioConnectForm(),
        "log": services.delivery_log(connection) if connection is not None else [],
        **urls,
    }


@require_POST
def connect(request):
    organization = pages._organization(request)
    form = TwilioConnectForm(request.POST)
    if form.is_valid():
        try:
            services.connect_twilio(
                organization, actor=request.user, values=form.cleaned_data, site=request.build_absolute_uri("/")
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Twilio connected. The connection is being tested."))
            return redirect("integrations:connections")
    payments = integrations.connection_for(organization, Kind.PAYMENTS)
    return pages._page(request, organization, payments, StripeConnectForm(), 400, sms_form=form)


def sms_alerts(request):
    """A person's own choice: urgent notifications by SMS to this number, or not."""
    choice = SmsOptIn.objects.filter(user=request.user).first()
    form = SmsOptInForm(request.POST or None, initial={"phone": choice.phone if choice else ""})
    status = 200
    if request.method == "POST":
        if request.POST.get("stop"):
            services.opt_out(request.user, actor=request.user)
            messages.success(request, _("You will get no more SMS from Dragonfly."))
            return redirect("integrations:sms_alerts")
        if form.is_valid():
            try:
                services.opt_in(request.user, actor=request.user, phone=form.cleaned_data["phone"])
            except DomainError as exc:
                form.add_error("phone", str(exc))
            else:
                messages.success(request, _("Urgent notifications will reach you by SMS too."))
                return redirect("integrations:sms_alerts")
        status = 400
    context = {"form": form, "choice": choice, "stopped": services.stopped_by(request.user)}
    return render(request, "integrations/sms_alerts.html", context, status=status)


def _verified(request, token):
    """The connection whose token the URL names, once Twilio's signature of this post verifies."""
    connection = Connection.objects.filter(webhook_token=token, provider=Provider.TWILIO).first()
    if connection is None or not connection.is_connected:
        return None, JsonResponse({"detail": "No such connection."}, status=404)
    params = {key: request.POST.get(key, "") for key in request.POST}
    try:
        sms_adapter_for(connection.provider).verify(
            integrations.credentials(connection),
            request.build_absolute_uri(),
            params,
            request.headers.get("X-Twilio-Signature", ""),
        )
    except BadSignature:
        return None, JsonResponse({"detail": "The signature does not verify."}, status=403)
    return (connection, params), None


@login_not_required
@csrf_exempt  # Twilio posts here; its signature, made with the Auth Token, is the proof
@require_POST
def twilio_status(request, token):
    verified, refusal = _verified(request, token)
    if refusal is not None:
        return refusal
    connection, params = verified
    log.info("twilio status %s: %s", params.get("MessageSid"), services.record_status(connection, params))
    return HttpResponse(status=204)


@login_not_required
@csrf_exempt
@require_POST
def twilio_inbound(request, token):
    verified, refusal = _verified(request, token)
    if refusal is not None:
        return refusal
    connection, params = verified
    log.info("twilio inbound: %s", services.record_inbound(connection, params))
    # No reply of ours: Twilio answers STOP and START itself (Advanced Opt-Out).
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
