"""The CRM and analytics cards of /integrations/ (an organization admin's): connect, test, sync
now, the deals' workspace, disconnect. Provider calls are queued for Celery, never made here.

Another organization's connection is a 404 and a member who is not its admin gets 403 (the page's
own `_connection` and `_organization` checks)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page

from .. import services as integrations
from .. import views as page
from ..analytics import events as analytics_events
from ..analytics import services as analytics
from ..forms import AnalyticsConnectForm, DealsWorkspaceForm, HubSpotConnectForm
from ..models import CrmState, Kind, Provider
from . import services as crm


def card_context(organization, **forms):
    """What the CRM and analytics cards need (the connections page's context)."""
    connection = integrations.connection_for(organization, Kind.CRM)
    state = CrmState.objects.filter(connection=connection).select_related("deals_workspace").first()
    return {
        "crm": connection,
        "crm_state": state,
        "crm_form": forms.get("crm_form") or HubSpotConnectForm(),
        "crm_workspace_form": DealsWorkspaceForm(
            organization=organization, initial={"workspace": state.deals_workspace_id if state else None}
        ),
        "analytics": integrations.connection_for(organization, Kind.ANALYTICS),
        "analytics_form": forms.get("analytics_form") or AnalyticsConnectForm(),
    }


def _back():
    return reverse("integrations:connections")


def _own(request, pk, kind):
    connection = page._connection(request, pk)
    if connection.kind != kind:
        raise Http404
    return connection


def _refused_page(request, organization, **forms):
    def refused(exc):
        form = next(iter(forms.values()))
        form.add_error(None, str(exc))
        return page.render_page(request, organization, status=400, **forms)

    return refused


@require_POST
def crm_connect(request):
    organization = page._organization(request)
    form = HubSpotConnectForm(request.POST)
    if not form.is_valid():
        return page.render_page(request, organization, status=400, crm_form=form)
    return action_page(
        request,
        lambda: crm.connect_crm(organization, actor=request.user, provider=Provider.HUBSPOT, values=form.cleaned_data),
        redirect_to=_back(),
        success=_("HubSpot connected. The connection is being tested."),
        on_refusal=_refused_page(request, organization, crm_form=form),
    )


@require_POST
def crm_sync(request, pk):
    connection = _own(request, pk, Kind.CRM)
    return action_page(
        request,
        lambda: crm.request_sync(connection, actor=request.user),
        redirect_to=_back(),
        success=_("The sync is queued; reload in a moment for the result."),
    )


@require_POST
def crm_deals_workspace(request, pk):
    connection = _own(request, pk, Kind.CRM)
    form = DealsWorkspaceForm(request.POST, organization=connection.organization)
    if not form.is_valid():
        messages.error(request, _("Pick a workspace of this organization."))
        return redirect(_back())
    workspace = form.cleaned_data["workspace"]
    return action_page(
        request,
        lambda: crm.set_deals_workspace(
            connection, actor=request.user, workspace_id=workspace.pk if workspace else None
        ),
        redirect_to=_back(),
        success=_("Saved."),
    )


@require_POST
def analytics_connect(request):
    organization = page._organization(request)
    form = AnalyticsConnectForm(request.POST)
    if not form.is_valid():
        return page.render_page(request, organization, status=400, analytics_form=form)
    data = form.cleaned_data
    if data["provider"] == Provider.MIXPANEL:
        values = {"token": data["api_key"]}
    else:
        values = {"api_key": data["api_key"], "host": data["host"]}
    return action_page(
        request,
        lambda: analytics.connect_analytics(organization, actor=request.user, provider=data["provider"], values=values),
        redirect_to=_back(),
        success=_("Analytics switched on. A test event is being sent."),
        on_refusal=_refused_page(request, organization, analytics_form=form),
    )


@require_POST
def analytics_disconnect(request, pk):
    connection = _own(request, pk, Kind.ANALYTICS)

    def off():
        integrations.disconnect(connection, actor=request.user)
        analytics_events.forget_opt_in(connection.organization_id)

    return action_page(
        request, off, redirect_to=_back(), success=_("Analytics switched off. The stored key is deleted.")
    )
