"""Single sign-on pages: the org admin's configuration (/integrations/sso/, its test and removal)
and the public sign-in (start → the provider → callback). A member who is not the organization's
admin gets 403; another organization's configuration is a 404."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_org_admin
from dragonfly.tenancy.access import is_org_admin

from ..buttons import back_on_the_page
from ..models import SSOConfig
from . import services
from .forms import SSOConfigForm

PENDING = "sso_pending"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refuse_message():
    return _("Only organization admins (Phantom or Legend) may manage integrations.")


def _config(request, pk):
    config = get_object_or_404(SSOConfig.objects.of_member(request.user), pk=pk)
    if not is_org_admin(request.user, config.organization_id):
        raise PermissionDenied(_refuse_message())
    return config


def sso_settings(request):
    organization = require_org_admin(request, _refuse_message())
    config = services.config_for(organization)
    initial = {}
    if config is not None:
        initial = {
            "issuer": config.issuer,
            "client_id": config.client_id,
            "domains": " ".join(d.domain for d in config.domains.all()),
            "default_role": config.default_role,
            "enforce_sso": config.enforce_sso,
            "require_admin_two_factor": config.require_admin_two_factor,
        }
    form = SSOConfigForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_config(organization, actor=request.user, values=form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Single sign-on saved. The provider is being tested."))
                return redirect("integrations:connections")
        status = 400
    context = {
        "organization": organization,
        "config": config,
        "form": form,
        "callback_url": request.build_absolute_uri(reverse("integrations:sso_callback")),
    }
    return render(request, "integrations/sso_settings.html", context, status=status)


@require_POST
def sso_check(request, pk):
    config = _config(request, pk)
    return back_on_the_page(
        request,
        lambda: services.request_check(config, actor=request.user),
        _("The provider is being tested; reload in a moment for the result."),
    )


@require_POST
def sso_remove(request, pk):
    config = _config(request, pk)
    return back_on_the_page(
        request, lambda: services.remove_config(config, actor=request.user), _("Single sign-on removed.")
    )


def _failed(request, message):
    return render(request, "integrations/sso_error.html", {"message": message}, status=400)


@login_not_required
def sso_start(request):
    email = (request.GET.get("email") or request.POST.get("email") or "").strip()
    if "@" not in email:
        return _failed(request, _("Enter your work email address to sign in with SSO."))
    try:
        url, kept = services.begin_login(
            email, redirect_uri=request.build_absolute_uri(reverse("integrations:sso_callback"))
        )
    except services.SSOFailed as exc:
        return _failed(request, str(exc))
    next_url = request.GET.get("next", "")
    ok = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure())
    request.session[PENDING] = {**kept, "next": next_url if ok else ""}
    # A page that moves on by itself, not a 302: the sign-in form's CSP (form-action 'self') would
    # block a redirect from its submission to the provider's origin.
    return render(request, "integrations/sso_redirect.html", {"authorize_url": url})


@login_not_required
def sso_callback(request):
    kept = request.session.pop(PENDING, None)
    if request.GET.get("error"):
        return _failed(
            request, _("The provider did not sign you in: %(error)s") % {"error": request.GET["error"][:200]}
        )
    try:
        user = services.complete_login(
            kept,
            state=request.GET.get("state", ""),
            code=request.GET.get("code", ""),
            redirect_uri=request.build_absolute_uri(reverse("integrations:sso_callback")),
        )
    except services.SSOFailed as exc:
        return _failed(request, str(exc))
    user.sso_login = True  # the identity provider did the MFA: no two-factor setup asked (accounts.signals)
    login(request, user, backend=MODEL_BACKEND)
    return redirect((kept or {}).get("next") or "home")
