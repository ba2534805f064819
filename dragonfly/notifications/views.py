from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import paginate

from .bounces import clear_suppression
from .models import Notification
from .services import mark_all_read, mark_read


def notification_list(request):
    page = paginate(request, Notification.objects.visible_to(request.user))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_read(request):
    ids = [i for i in request.POST.getlist("id") if i.isdigit()]
    if request.POST.get("all"):
        mark_all_read(user=request.user)
    else:
        mark_read(ids, user=request.user)
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def clear_bounce(request):
    """The owner says their address works again: notification email to it goes out again."""
    if clear_suppression(request.user, actor=request.user):
        messages.success(
            request, _("Email notifications are on again for %(address)s.") % {"address": request.user.email}
        )
    return redirect("accounts:profile")
