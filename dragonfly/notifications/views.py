from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dragonfly.core.pages import paginate
from dragonfly.tenancy.access import muted_in_app

from .bounces import clear_suppression
from .models import Notification
from .provider import provider_status, send_test_email
from .services import mark_all_read, mark_read


def notification_list(request):
    page = paginate(request, Notification.objects.visible_to(request.user))
    hidden = len(muted_in_app(request.user))  # kinds turned off in the app: said, so none seem lost
    return render(request, "notifications/list.html", {"page": page, "hidden_kinds": hidden})


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


class TestEmailForm(forms.Form):
    address = forms.EmailField(label=gettext_lazy("Send a test email to"))


def email_status(request):
    """Platform admins: which provider sends, where its webhooks are, and a test email with its answer."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only platform admins may see the email settings."))
    form = TestEmailForm(request.POST or None, initial={"address": request.user.email})
    result = None
    if request.method == "POST" and form.is_valid():
        sent, refusal = send_test_email(form.cleaned_data["address"], actor=request.user)
        result = {"sent": sent, "refusal": refusal, "address": form.cleaned_data["address"]}
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    context = {"status": provider_status(), "form": form, "result": result}
    return render(request, "notifications/email_status.html", context, status=status)
