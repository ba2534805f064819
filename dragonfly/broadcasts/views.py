"""The broadcasts page of the current workspace: send one (ops users), and what was sent (the record)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dragonfly.core.pages import form_page, paginate
from dragonfly.tenancy.middleware import remember_workspace

from . import services
from .audiences import AUDIENCES
from .forms import BroadcastForm, parse_to
from .models import Broadcast


def _workspace(request):
    """The current workspace, or the one of the event or production the link names (`?to=events.event:12`
    from that page), which then becomes the current one."""
    audience, target_id = parse_to(request.POST.get("to") or request.GET.get("to") or "")
    if audience in AUDIENCES and target_id:
        target = AUDIENCES[audience].model.objects.visible_to(request.user).filter(pk=target_id).first()
        if target is not None and target.workspace != request.workspace:
            remember_workspace(request, target.workspace)
    return request.workspace


def broadcasts(request):
    workspace, user = _workspace(request), request.user
    if workspace is None:
        raise PermissionDenied(_("Choose a workspace first."))
    may_send = user.has_perm("broadcasts.add_broadcast", workspace)
    if not (may_send or user.has_perm("broadcasts.view_broadcast", workspace)):
        raise PermissionDenied(_("Your role does not send broadcasts in this workspace."))
    form = None
    if may_send:
        form = BroadcastForm(
            request.POST or None, user=user, workspace=workspace, initial={"to": request.GET.get("to")}
        )
    sent = Broadcast.objects.visible_to(user).filter(workspace=workspace).select_related("sender")
    return form_page(
        request,
        form,
        save=lambda data: services.send_broadcast(workspace, actor=user, **form.service_fields()),
        template="broadcasts/broadcasts.html",
        context={"workspace": workspace, "page": paginate(request, sent)},
        redirect_to=lambda broadcast: reverse("broadcasts:list"),
        success=lambda broadcast: (
            ngettext("Sent to %(n)d person.", "Sent to %(n)d people.", broadcast.recipient_count)
            % {"n": broadcast.recipient_count}
        ),
    )
