"""Accounting pages: the organization admin's account mapping (/integrations/accounting/) and the
Xero / QuickBooks CSV downloads, which anyone who sees finance documents may take (their rows are
what they may see), and the Xero / QuickBooks connect / test / push buttons of the /integrations/ card."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.csv_export import stream_csv
from dragonfly.core.errors import DomainError
from dragonfly.core.pages import action_page
from dragonfly.core.workspace_views import require_org_admin
from dragonfly.tenancy.access import is_org_admin, local_today

from ..buttons import back_on_the_page
from ..models import Connection, Kind, Provider
from . import exports, mapping, quickbooks, services, xero
from .forms import ExportForm, MappingFormSet

# Who may take which download: the permission that shows its documents.
PERMS = {
    exports.SALES: "finance.view_invoice",
    exports.BILLS: "finance.view_invoice",
    exports.EXPENSES: "finance.view_expense",
    exports.ORDERS: "finance.view_purchaseorder",
}


def _admin_organization(request):
    return require_org_admin(request, _("Only organization admins (Phantom or Legend) may manage integrations."))


def account_mapping(request):
    organization = _admin_organization(request)
    saved = mapping.current(organization)
    initial = [
        {
            "category": c,
            "account_code": saved[c].account_code if c in saved else "",
            "tax_type": saved[c].tax_type if c in saved else "",
        }
        for c in mapping.categories()
    ]
    formset = MappingFormSet(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if formset.is_valid():
            try:
                count = mapping.save_mapping(organization, actor=request.user, rows=formset.cleaned_data)
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Account mapping saved: %(count)s categories mapped.") % {"count": count})
                return redirect("integrations:account_mapping")
    return render(
        request,
        "integrations/accounting_mapping.html",
        {"organization": organization, "formset": formset, "defaults": mapping.DEFAULTS},
        status=status,
    )


def _finance_workspace(request):
    workspace = request.workspace or None
    if workspace is None or not any(request.user.has_perm(p, workspace) for p in set(PERMS.values())):
        raise PermissionDenied(_("Your role does not show finance documents here."))
    return workspace


def accounting_export(request):
    """GET without a query: the form; a valid query: the file, streamed; an invalid one: the form
    with its errors (400)."""
    workspace = _finance_workspace(request)
    today = local_today(workspace)  # the organization's date, not the server's
    if not request.GET:
        form = ExportForm(initial={"start": today.replace(day=1), "end": today})
        return _export_page(request, workspace, form, 200)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _export_page(request, workspace, form, 400)
    fmt, doc, start, end = (form.cleaned_data[k] for k in ("format", "document", "start", "end"))
    if not request.user.has_perm(PERMS[doc], workspace):
        raise PermissionDenied(_("Your role does not show these documents."))
    organization = workspace.organization
    rows = exports.rows(request.user, organization, fmt, doc, start, end)
    filename = f"{fmt}-{doc.replace('_', '-')}-{start.isoformat()}-{end.isoformat()}.csv"
    return stream_csv(filename, exports.HEADERS[(fmt, doc)], rows)


def _export_page(request, workspace, form, status):
    context = {
        "form": form,
        "workspace": workspace,
        "organization": workspace.organization,
        "mapping_url": reverse("integrations:account_mapping"),
        "is_admin": is_org_admin(request.user, workspace.organization_id),
    }
    return render(request, "integrations/accounting_export.html", context, status=status)


# Xero and QuickBooks: connect (OAuth2 code flow), test, push now. Disconnect is the integrations page's own.

SESSION_KEY = "accounting_oauth_state"


def card_context(organization):
    """The accounting card of /integrations/: its connection and what was pushed."""
    connection = services.accounting_connection(organization)
    return {"connection": connection, **services.summary(connection)}


def _accounting_connection(request, pk):
    connection = get_object_or_404(Connection.objects.of_member(request.user), pk=pk, kind=Kind.ACCOUNTING)
    if not is_org_admin(request.user, connection.organization_id):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) may manage integrations."))
    return connection


def _connect(request, provider, callback, authorize_url):
    organization = _admin_organization(request)
    try:
        services.start_connect(organization, actor=request.user, provider=provider)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("integrations:connections")
    state = secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = {"state": state, "organization": organization.pk, "provider": provider}
    return redirect(authorize_url(state, request.build_absolute_uri(reverse(callback))))


def _callback(request, provider, callback):
    """The provider sends the admin back with `code` and our `state` (or `error` when they declined);
    QuickBooks adds `realmId`, the company they picked."""
    organization = _admin_organization(request)
    expected = request.session.pop(SESSION_KEY, None) or {}
    state = request.GET.get("state", "")
    label = Provider(provider).label
    if (
        not state
        or not secrets.compare_digest(state, str(expected.get("state", "")))
        or expected.get("organization") != organization.pk
        or expected.get("provider", Provider.XERO) != provider
    ):
        messages.error(
            request, _("That %(provider)s authorization was not started here; connect again.") % {"provider": label}
        )
        return redirect("integrations:connections")
    if request.GET.get("error"):
        messages.error(
            request,
            _("%(provider)s did not connect: %(error)s") % {"provider": label, "error": request.GET["error"][:200]},
        )
        return redirect("integrations:connections")
    connection = services.accounting_connection(organization)
    return action_page(
        request,
        lambda: services.finish_connect(
            connection,
            actor=request.user,
            code=request.GET.get("code", ""),
            redirect_uri=request.build_absolute_uri(reverse(callback)),
            realm_id=request.GET.get("realmId", ""),
        ),
        redirect_to=reverse("integrations:connections"),
        success=_("%(provider)s authorized. The connection is being completed; reload in a moment.")
        % {"provider": label},
    )


@require_POST
def xero_connect(request):
    return _connect(request, Provider.XERO, "integrations:xero_callback", xero.authorize_url)


def xero_callback(request):
    return _callback(request, Provider.XERO, "integrations:xero_callback")


@require_POST
def quickbooks_connect(request):
    return _connect(request, Provider.QUICKBOOKS, "integrations:quickbooks_callback", quickbooks.authorize_url)


def quickbooks_callback(request):
    return _callback(request, Provider.QUICKBOOKS, "integrations:quickbooks_callback")


@require_POST
def accounting_push(request, pk):
    connection = _accounting_connection(request, pk)
    return back_on_the_page(
        request,
        lambda: services.request_push(connection, actor=request.user),
        _("The documents are being pushed to %(provider)s; reload in a moment for the result.")
        % {"provider": connection.get_provider_display()},
    )
