"""The user's own calendar sync page (/integrations/calendar/): connect, test, sync now, disconnect.

It is the signed-in user's: another person's sync in one of their organizations is a 403, any
other a 404. The calendar is called only in Celery (tasks.py): these views queue."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page
from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import Organization

from ..models import CalendarSync
from . import services
from .forms import CalendarConnectForm


def _own(request, pk):
    sync = get_object_or_404(CalendarSync.objects.of_member(request.user), pk=pk)
    services.require_owner(sync, request.user)
    return sync


def calendar_sync(request):
    sync = services.sync_of(request.user)
    organizations = Organization.objects.filter(pk__in=get_access(request.user).organization_ids).order_by("name")
    form = CalendarConnectForm(request.POST or None, organizations=organizations)
    status = 200
    if request.method == "POST":
        if form.is_valid():

            def refused(exc):
                form.add_error(None, str(exc))
                return _page(request, sync, form, 400)

            return action_page(
                request,
                lambda: services.connect(actor=request.user, **form.cleaned_data),
                redirect_to=reverse("integrations:calendar_sync"),
                success=_("Calendar connected. It is being tested, then synced."),
                on_refusal=refused,
            )
        status = 400
    return _page(request, sync, form, status)


def _page(request, sync, form, status):
    return render(request, "integrations/calendar_sync.html", {"sync": sync, "form": form}, status=status)


def _action(request, pk, call, success):
    sync = _own(request, pk)
    return action_page(
        request,
        lambda: call(sync, actor=request.user),
        redirect_to=reverse("integrations:calendar_sync"),
        success=success,
    )


@require_POST
def check(request, pk):
    return _action(request, pk, services.request_check, _("The calendar is being tested; reload in a moment."))


@require_POST
def sync_now(request, pk):
    return _action(request, pk, services.request_sync, _("The calendar is being synced; reload in a moment."))


@require_POST
def disconnect(request, pk):
    return _action(request, pk, services.disconnect, _("Calendar disconnected. The stored password is deleted."))
