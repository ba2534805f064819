"""The webhook pages (organization admins) and the incoming endpoint `/hooks/in/<source>/`."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, form_page, paginate

from . import incoming, services
from .forms import EndpointForm
from .models import IncomingSource, WebhookDelivery, WebhookEndpoint


def _organization(request):
    """The current workspace's organization, when the user runs its webhooks (403 otherwise)."""
    workspace = request.workspace
    organization = workspace.organization if workspace else None
    if organization is None or not services.may_manage(request.user, organization):
        raise PermissionDenied(_("Only organization admins manage webhooks."))
    return organization


def _endpoint(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint.objects.of_member(request.user).select_related("organization"), pk=pk)
    services.require_manager(request.user, endpoint.organization)
    return endpoint


def endpoint_list(request):
    organization = _organization(request)
    endpoints = WebhookEndpoint.objects.filter(organization=organization).order_by("-id")
    context = {"organization": organization, "page": paginate(request, endpoints)}
    return render(request, "webhooks/endpoints.html", context)


def endpoint_new(request):
    organization = _organization(request)
    form = EndpointForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: services.create_endpoint(organization, actor=request.user, **form.service_fields()),
        template="webhooks/endpoint_form.html",
        context={"organization": organization, "endpoint": None},
        redirect_to=lambda endpoint: endpoint_url(endpoint),
        success=_("Endpoint saved. Its signing secret is shown on its page."),
    )


def endpoint_url(endpoint):
    from django.urls import reverse

    return reverse("webhooks:endpoint", args=[endpoint.pk])


def endpoint_detail(request, pk):
    endpoint = _endpoint(request, pk)
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-id")
    context = {"endpoint": endpoint, "organization": endpoint.organization, "page": paginate(request, deliveries)}
    return render(request, "webhooks/endpoint.html", context)


def endpoint_edit(request, pk):
    endpoint = _endpoint(request, pk)
    form = EndpointForm(request.POST or None, initial=EndpointForm.initial_for(endpoint))
    return form_page(
        request,
        form,
        save=lambda data: services.update_endpoint(endpoint, actor=request.user, **form.service_fields()),
        template="webhooks/endpoint_form.html",
        context={"organization": endpoint.organization, "endpoint": endpoint},
        redirect_to=endpoint_url,
        success=_("Endpoint saved."),
        versioned=endpoint,
    )


@require_POST
def endpoint_test(request, pk):
    endpoint = _endpoint(request, pk)
    return action_page(
        request,
        lambda: services.send_test(endpoint, actor=request.user),
        redirect_to=lambda _result: endpoint_url(endpoint),
        success=_("A test message was sent; its outcome is in the log below."),
    )


@require_POST
def endpoint_rotate(request, pk):
    endpoint = _endpoint(request, pk)
    return action_page(
        request,
        lambda: services.rotate_secret(endpoint, actor=request.user),
        redirect_to=lambda _result: endpoint_url(endpoint),
        success=_("A new signing secret is in use; update your receiver."),
    )


@require_POST
def endpoint_delete(request, pk):
    endpoint = _endpoint(request, pk)
    return action_page(
        request,
        lambda: services.delete_endpoint(endpoint, actor=request.user),
        redirect_to="webhooks:endpoints",
        success=_("Endpoint deleted."),
    )


@require_POST
def delivery_replay(request, pk):
    delivery = get_object_or_404(
        WebhookDelivery.objects.of_member(request.user).select_related("endpoint__organization"), pk=pk
    )
    services.require_manager(request.user, delivery.endpoint.organization)
    return action_page(
        request,
        lambda: services.replay_delivery(delivery, actor=request.user),
        redirect_to=lambda _result: endpoint_url(delivery.endpoint),
        success=_("The message was sent again."),
    )


@login_not_required
@csrf_exempt
@require_POST
def receive(request, source):
    """A signed delivery from a source: 200 when handled, 401 (logged) when unsigned, badly signed,
    stale or replayed, 404 for a source we don't know."""
    found = IncomingSource.objects.filter(slug=source, active=True).first()
    if found is None:
        raise Http404
    outcome = incoming.receive(found, request.body, dict(request.headers))
    if not outcome.accepted:
        return JsonResponse(
            {
                "detail": _("The delivery is not signed, its signature or time is wrong, or it was already handled."),
                "code": "not_authenticated",
            },
            status=401,
        )
    return JsonResponse({"status": "accepted", "id": outcome.delivery.delivery_id})
