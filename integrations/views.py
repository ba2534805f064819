"""The integrations pages of an organization admin (/integrations/: connect, test, disconnect),
the "Pay by card" action of an invoice, and the providers' webhook endpoint.

A member who is not the organization's admin gets 403; another organization's connection is a 404.
Provider calls run in Celery (integrations.tasks): these views only queue them."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, visible_or_404
from dragonfly.core.workspace_views import require_org_admin
from dragonfly.tenancy.access import is_org_admin
from finance.models import Invoice, InvoiceDirection, InvoiceStatus
from finance.models.invoices import PAYABLE_STATUSES
from marketplace.models import Order
from marketplace.services.orders import may_act_for_buyer

from . import services
from .accounting.views import card_context as accounting_card
from .buttons import back_on_the_page
from .forms import StripeConnectForm
from .models import Connection, Kind, Provider
from .payments.base import BadSignature, adapter_for
from .sso import services as sso_services

log = logging.getLogger(__name__)


def _refuse():
    raise PermissionDenied(_("Only organization admins (Phantom or Legend) may manage integrations."))


def _organization(request):
    return require_org_admin(request, _("Only organization admins (Phantom or Legend) may manage integrations."))


def _connection(request, pk):
    connection = get_object_or_404(Connection.objects.of_member(request.user), pk=pk)
    if not is_org_admin(request.user, connection.organization_id):
        _refuse()
    return connection


def connections(request):
    organization = _organization(request)
    payments = services.connection_for(organization, Kind.PAYMENTS)
    form = StripeConnectForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():

            def refused(exc):
                form.add_error(None, str(exc))
                return _page(request, organization, payments, form, 400)

            return action_page(
                request,
                lambda: services.connect(
                    organization,
                    actor=request.user,
                    kind=Kind.PAYMENTS,
                    provider=Provider.STRIPE,
                    values=form.cleaned_data,
                ),
                redirect_to=reverse("integrations:connections"),
                success=_("Stripe connected. The connection is being tested."),
                on_refusal=refused,
            )
        status = 400
    return _page(request, organization, payments, form, status)


def render_page(request, organization, *, status, **forms):
    """The page again with a card's form and its errors (a CRM or analytics card's refusal)."""
    payments = services.connection_for(organization, Kind.PAYMENTS)
    return _page(request, organization, payments, StripeConnectForm(), status, **forms)


def _page(request, organization, payments, form, status, sms_form=None, **forms):
    from .crm.views import card_context
    from .sms.views import sms_card

    webhook_url = (
        request.build_absolute_uri(reverse("integrations:stripe_webhook", args=[payments.webhook_token]))
        if payments
        else ""
    )
    return render(
        request,
        "integrations/connections.html",
        {
            "organization": organization,
            "payments": payments,
            "form": form,
            "webhook_url": webhook_url,
            "sms": sms_card(request, organization, sms_form),
            "accounting": accounting_card(organization),
            **card_context(organization, **forms),
            "sso": sso_services.config_for(organization),
        },
        status=status,
    )


@require_POST
def check(request, pk):
    """Test any kind of connection: services.request_check queues the kind's own check task."""
    connection = _connection(request, pk)
    return back_on_the_page(
        request,
        lambda: services.request_check(connection, actor=request.user),
        _("The connection is being tested; reload in a moment for the result."),
    )


@require_POST
def disconnect(request, pk):
    connection = _connection(request, pk)
    return back_on_the_page(
        request,
        lambda: services.disconnect(connection, actor=request.user),
        _("Disconnected. The stored credentials are deleted."),
    )


@require_POST
def pay_link(request, pk):
    invoice = visible_or_404(Invoice, request.user, pk, "workspace__organization")
    page = reverse("finance:invoice", args=[invoice.pk])
    return action_page(
        request,
        lambda: services.request_pay_link(invoice, actor=request.user, return_url=request.build_absolute_uri(page)),
        redirect_to=page,
        success=_("The card payment link is being created."),
    )


@require_POST
def order_pay_link(request, pk):
    order = visible_or_404(Order, request.user, pk, "workspace__organization", "invoice")
    page = reverse("marketplace:order", args=[order.pk])
    return action_page(
        request,
        lambda: services.request_order_pay_link(order, actor=request.user, return_url=request.build_absolute_uri(page)),
        redirect_to=page,
        success=_("The card payment link is being created."),
    )


def order_panel(request, order):
    """ "Pay by card" on a marketplace order, for its buyer (marketplace.extensions.register_order_panel)."""
    if order.invoice_id is None or services.payments_connection(order.workspace.organization_id) is None:
        return None
    if not may_act_for_buyer(request.user, order):
        return None
    link = services.current_order_pay_link(order)
    invoice = order.invoice
    context = {
        "link": link,
        "action": reverse("integrations:order_pay_link", args=[order.pk]),
        "for_buyer": True,
        "can_request": order.status in services.CARD_PAYABLE_ORDERS
        and invoice.status in (InvoiceStatus.DRAFT, *PAYABLE_STATUSES)
        and invoice.balance > 0,
    }
    return render_to_string("integrations/_pay_by_card.html", context, request=request)


def invoice_panel(request, invoice):
    """The "Pay by card" card of a client's invoice (finance.extensions.register_invoice_panel)."""
    if invoice.direction != InvoiceDirection.RECEIVABLE:
        return None
    if services.payments_connection(invoice.workspace.organization_id) is None:
        return None
    context = {
        "link": services.current_pay_link(invoice),
        "action": reverse("integrations:pay_link", args=[invoice.pk]),
        "can_request": invoice.status in PAYABLE_STATUSES
        and invoice.balance > 0
        and request.user.has_perm("finance.change_invoice", invoice),
    }
    return render_to_string("integrations/_pay_by_card.html", context, request=request)


@login_not_required
@csrf_exempt  # a provider posts here; the signature, checked with the signing secret, is the proof
@require_POST
def stripe_webhook(request, token):
    connection = Connection.objects.filter(webhook_token=token, provider=Provider.STRIPE).first()
    if connection is None or not connection.is_connected:
        return JsonResponse({"detail": "No such connection."}, status=404)
    adapter = adapter_for(connection.provider)
    try:
        event = adapter.parse_event(
            services.credentials(connection), request.body, request.headers.get("Stripe-Signature", "")
        )
    except BadSignature:
        return JsonResponse({"detail": "The signature does not verify."}, status=400)
    result = services.handle_event(connection, event)
    log.info("stripe event %s (%s): %s", event.id, event.type, result)
    return HttpResponse(status=200)
