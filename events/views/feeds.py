"""Calendar feeds (ICS). A calendar app cannot sign in, so the feed URLs also accept the user's
secret feed token (`?token=…`); without a valid token they behave like any page: sign in.
The settings page creates, resets and revokes the token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dragonfly.tenancy.access import display_name
from locations.models import Location
from productions.models import Production

from .. import services
from ..forms import FeedTokenForm
from ..models import CalendarFeed

SESSION_KEY = "events_new_feed_token"


def _feed_user(request):
    token = request.GET.get("token", "")
    if token:
        feed = services.feed_for_token(token)
        if feed is not None:
            return feed.user
    if request.user.is_authenticated:
        return request.user
    return None


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@login_not_required
def personal_feed(request):
    user = _feed_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    events = services.personal_feed_events(user)
    name = _("Dragonfly — %(name)s") % {"name": display_name(user)}
    return _ics(services.build_calendar(events, name=name, user=user, base_url=_base(request)), "dragonfly.ics")


@require_GET
@login_not_required
def production_feed(request, pk):
    return _object_feed(
        request, Production.objects.all(), pk, services.production_feed_events, "production", _("No such production.")
    )


@require_GET
@login_not_required
def venue_feed(request, pk):
    """A venue's or a facility's feed: what holds it (locations:detail links to it)."""
    venues = Location.objects.select_related("parent")
    return _object_feed(request, venues, pk, services.venue_feed_events, "venue", _("No such venue."))


def _object_feed(request, queryset, pk, feed_events, prefix, missing):
    """The feed of one object the feed's user may see (404 otherwise): its events, named after it."""
    user = _feed_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    obj = queryset.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise Http404(missing)
    return _ics(
        services.build_calendar(feed_events(obj, user), name=f"{obj} — Dragonfly", user=user, base_url=_base(request)),
        f"{prefix}-{obj.pk}.ics",
    )


def _base(request):
    return f"{request.scheme}://{request.get_host()}"


def feed_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    token = request.session.pop(SESSION_KEY, None)
    url = f"{_base(request)}{reverse('events:feed')}?token={token}" if token else ""
    return render(
        request,
        "events/feed_settings.html",
        {
            "feed": feed,
            "feed_url": url,
            "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://") if url else "",
        },
    )


@require_POST
def feed_token(request):
    form = FeedTokenForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "events/feed_settings.html",
            {
                "feed": CalendarFeed.objects.filter(user=request.user).first(),
                "error": _("Pick what to do."),
            },
            status=400,
        )
    if form.cleaned_data["action"] == "revoke":
        services.revoke_feed_token(actor=request.user)
        messages.success(request, _("Your calendar address is revoked; calendars using it stop updating."))
    else:
        request.session[SESSION_KEY] = services.issue_feed_token(actor=request.user)
        messages.success(request, _("Your new calendar address is below. Any older address stops working."))
    return redirect("events:feed_settings")
