"""The collaborator's page of a shared advance: no account, no navigation into the app, nothing but
that advance's lines. The token in the URL finds the link (an unknown, reset or revoked one is a 404;
outside its window: expired 410, not open yet 404); who they are is kept in their session, per link.
Every change goes through advancing/sharing.py."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import error_status

from .. import sharing
from ..filters import CatalogFilter
from ..models import EDITABLE_STATUSES, CatalogItem
from ..share_forms import AddLineForm, AnswerForm, GuestForm

SESSION_KEY = "advance_shares"
SEARCH_LIMIT = 10


class GuestCsrf(CsrfViewMiddleware):
    """Django's CSRF check, token and all, for pages served with `Referrer-Policy: no-referrer`: under
    that policy a browser sends `Origin: null` with the page's own form posts (and no Referer), which
    the stock check refuses. The token must still match the CSRF cookie, which a cross-site post does
    not carry (SameSite=Lax), so a null origin is let through to the token check, nothing else."""

    def _origin_verified(self, request):
        return request.META.get("HTTP_ORIGIN") == "null" or super()._origin_verified(request)


guest_csrf = decorator_from_middleware(GuestCsrf)


def guest_page(view):
    """Public (no sign-in), never indexed, no referrer leaving the page, not cached, not logged with
    its path (the token is the key). CSRF stays on: GuestCsrf stands in for the site-wide check."""

    checked = guest_csrf(view)

    @wraps(view)
    def wrapped(request, token, *args, **kwargs):
        response = checked(request, token, *args, **kwargs)
        response._has_been_logged = True
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        return response

    # csrf_exempt only hands the check from the site-wide middleware to GuestCsrf, which runs inside.
    return csrf_exempt(login_not_required(wrapped))


def _open_link(request, token):
    """(link, None) for a link open now, else (None, the answer to give)."""
    link = sharing.link_for_token(token)
    if link is None:
        return None, render(request, "advancing/shared/gone.html", {"state": "unknown"}, status=404)
    try:
        sharing.require_open(link)
    except sharing.ShareUnavailable as exc:
        status = 410 if exc.state == "expired" else 404
        context = {"state": exc.state, "link": link, "message": str(exc)}
        return None, render(request, "advancing/shared/gone.html", context, status=status)
    return link, None


def _guest(request, link):
    """Who the collaborator said they are on this link (the current token's), or None."""
    seen = request.session.get(SESSION_KEY, {}).get(link.token_hash)
    if not isinstance(seen, dict):
        return None
    return sharing.Guest(name=str(seen.get("name", "")), email=str(seen.get("email", "")))


def _remember(request, link, guest):
    shares = dict(request.session.get(SESSION_KEY, {}))
    shares[link.token_hash] = guest.as_data()
    request.session[SESSION_KEY] = shares
    request.session.cycle_key()


def _page(request, token, link, guest, *, status=200, answer_form=None, add_form=None, error=""):
    advance = link.advance
    items = list(advance.items.select_related("catalog_item"))
    quantity_open = advance.status in EDITABLE_STATUSES
    forms = []
    for item in items:
        if answer_form is not None and answer_form.item.pk == item.pk:
            forms.append(answer_form)
        else:
            forms.append(AnswerForm(item=item, quantity_open=quantity_open))
    query = request.GET.get("q", "").strip()[:100]
    results = []
    if quantity_open and len(query) >= 2:
        filterset = CatalogFilter({"search": query}, queryset=CatalogItem.objects.enabled(), request=request)
        if filterset.is_valid():
            results = list(filterset.qs.order_by("item_id")[:SEARCH_LIMIT])
    context = {
        "token": token,
        "link": link,
        "advance": advance,
        "guest": guest,
        "lines": list(zip(items, forms, strict=True)),
        "answerable": advance.status in sharing.ANSWERABLE_STATUSES,
        "quantity_open": quantity_open,
        "shown": sharing.shown_fields(link),
        "query": query,
        "results": results,
        "add_form": add_form or AddLineForm(),
        "error": error,
    }
    return render(request, "advancing/shared/page.html", context, status=status)


@guest_page
@require_http_methods(["GET", "POST"])
def shared_advance(request, token):
    """GET: the advance (or who-are-you first); POST: who they are (and the passcode)."""
    link, refusal = _open_link(request, token)
    if refusal is not None:
        return refusal
    guest = _guest(request, link)
    if guest is not None and request.method == "GET":
        return _page(request, token, link, guest)
    form = GuestForm(request.POST if request.method == "POST" else None, needs_passcode=link.has_passcode)
    context = {"link": link, "advance": link.advance, "form": form, "token": token}
    if request.method != "POST":
        return render(request, "advancing/shared/welcome.html", context)
    if not form.is_valid():
        return render(request, "advancing/shared/welcome.html", context, status=400)
    try:
        sharing.check_passcode(link, form.cleaned_data.get("passcode", ""))
        guest = sharing.guest_from(form.cleaned_data["name"], form.cleaned_data["email"])
    except sharing.PasscodeRefused as exc:
        context["error"] = str(exc)
        return render(request, "advancing/shared/welcome.html", context, status=429 if exc.locked else 403)
    except DomainError as exc:
        context["error"] = str(exc)
        return render(request, "advancing/shared/welcome.html", context, status=400)
    _remember(request, link, guest)
    sharing.note_visit(link, guest)
    return redirect("advancing:shared", token)


def _needs_guest(request, token):
    link, refusal = _open_link(request, token)
    if refusal is not None:
        return None, None, refusal
    guest = _guest(request, link)
    if guest is None:  # the session ended, or the link was reset meanwhile: say who you are again
        return None, None, redirect("advancing:shared", token)
    return link, guest, None


@guest_page
@require_POST
def shared_answer(request, token, item_id):
    link, guest, refusal = _needs_guest(request, token)
    if refusal is not None:
        return refusal
    item = link.advance.items.filter(pk=item_id).first()
    if item is None:
        raise Http404(_("No such line on this advance."))
    quantity_open = link.advance.status in EDITABLE_STATUSES
    form = AnswerForm(request.POST, item=item, quantity_open=quantity_open)
    if not form.is_valid():
        return _page(request, token, link, guest, status=400, answer_form=form)
    try:
        sharing.answer_line(
            link,
            guest=guest,
            item_id=item.pk,
            answer=form.cleaned_data["answer"],
            quantity=form.cleaned_data.get("quantity"),
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _page(request, token, link, guest, status=error_status(exc), answer_form=form)
    messages.success(request, _("Your answer on “%(item)s” is saved.") % {"item": item.name})
    return redirect(reverse("advancing:shared", args=[token]) + f"#line-{item.pk}")


@guest_page
@require_POST
def shared_add_line(request, token):
    link, guest, refusal = _needs_guest(request, token)
    if refusal is not None:
        return refusal
    form = AddLineForm(request.POST)
    if not form.is_valid():
        return _page(request, token, link, guest, status=400, add_form=form, error=_("Check the line to add."))
    catalog_item = CatalogItem.objects.enabled().filter(pk=form.cleaned_data["catalog_item"]).first()
    try:
        item = sharing.add_catalog_line(
            link,
            guest=guest,
            catalog_item=catalog_item,
            quantity=form.cleaned_data["quantity"],
            answer=form.cleaned_data["answer"],
        )
    except DomainError as exc:
        return _page(request, token, link, guest, status=error_status(exc), add_form=form, error=str(exc))
    messages.success(request, _("“%(item)s” is added to the advance.") % {"item": item.name})
    return redirect(reverse("advancing:shared", args=[token]) + f"#line-{item.pk}")
