"""The incoming-webhook pages of an organization admin: the senders (sources) that may post to
/hooks/in/<source>/, each with its URL and signing secret, and the log of what each posted (accepted,
or refused with the reason). Another member of the organization gets 403, another organization's
source is a 404 (OrganizationAdminQuerySet.of_member)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, form_page, paginate

from . import incoming, services
from .forms import IncomingSourceForm
from .models import IncomingDelivery, IncomingSource
from .views import _organization


def _source(request, pk):
    source = get_object_or_404(IncomingSource.objects.of_member(request.user).select_related("organization"), pk=pk)
    services.require_manager(request.user, source.organization)
    return source


def source_url(source):
    return reverse("webhooks:source", args=[source.pk])


def sources(request):
    organization = _organization(request)
    form = IncomingSourceForm(request.POST or None)
    listed = IncomingSource.objects.filter(organization=organization).order_by("slug")
    return form_page(
        request,
        form,
        save=lambda data: incoming.create_source(organization, actor=request.user, **data),
        template="webhooks/sources.html",
        context={"organization": organization, "page": paginate(request, listed)},
        redirect_to=source_url,
        success=_("Source added. Give the sender its URL and signing secret."),
    )


def source_detail(request, pk):
    source = _source(request, pk)
    deliveries = IncomingDelivery.objects.filter(source=source).order_by("-received_at", "-id")
    context = {
        "source": source,
        "organization": source.organization,
        "hook_url": request.build_absolute_uri(reverse("hooks:incoming", args=[source.slug])),
        "page": paginate(request, deliveries),
    }
    return render(request, "webhooks/source.html", context)


@require_POST
def source_toggle(request, pk):
    source = _source(request, pk)
    active = not source.active
    return action_page(
        request,
        lambda: incoming.set_active(source, actor=request.user, active=active),
        redirect_to=source_url(source),
        success=_("The source accepts deliveries again.") if active else _("The source is paused: its posts get 404."),
    )
