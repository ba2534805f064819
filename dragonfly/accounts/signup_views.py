"""Starting an organization: sign up, confirm the address, name the organization and its first workspace."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dragonfly.core.api import page_throttled
from dragonfly.core.errors import DomainError
from dragonfly.core.pages import form_page
from dragonfly.tenancy.middleware import remember_workspace
from dragonfly.tenancy.services import start_organization

from .forms import SignUpForm, StartOrganizationForm
from .signup import sign_up, verify_email

TOO_MANY = _("Too many attempts from your network; wait a while and try again.")
BACKEND = "django.contrib.auth.backends.ModelBackend"


def base_url(request):
    return request.build_absolute_uri("/")


@login_not_required
def signup_view(request):
    if not settings.OPEN_SIGNUP:
        return render(request, "accounts/signup_closed.html")
    if request.user.is_authenticated:
        return redirect("home")
    if page_throttled(request, "signup"):
        return render(
            request, "accounts/message.html", {"title": gettext("Slow down"), "message": TOO_MANY}, status=429
        )
    form = SignUpForm(request.POST or None)

    def save(data):
        fields = ("email", "first_name", "last_name")
        return sign_up(**{k: data[k] for k in fields}, password=data["password1"], base_url=base_url(request))

    return form_page(
        request,
        form,
        save=save,
        template="accounts/signup.html",
        context={},
        redirect_to=lambda user: "signup_sent",
    )


@login_not_required
def signup_sent_view(request):
    message = gettext("We sent you a link. Open it to confirm your address, then name your organization.")
    return render(request, "accounts/message.html", {"title": gettext("Check your email"), "message": message})


@login_not_required
def verify_view(request, token):
    try:
        user = verify_email(token)
    except DomainError as exc:
        return render(
            request, "accounts/message.html", {"title": gettext("Link not usable"), "message": str(exc)}, status=400
        )
    login(request, user, backend=BACKEND)
    return redirect("start_organization")


def start_organization_view(request):
    if not settings.OPEN_SIGNUP and not request.user.is_superuser:
        return render(request, "accounts/signup_closed.html", status=403)
    form = StartOrganizationForm(request.POST or None)

    def save(data):
        return start_organization(
            actor=request.user, name=data["name"], workspace_name=data["workspace_name"], timezone_name=data["timezone"]
        )

    def to_home(workspace):
        remember_workspace(request, workspace)
        return "home"

    return form_page(
        request,
        form,
        save=save,
        template="accounts/start_organization.html",
        context={},
        redirect_to=to_home,
        success=lambda ws: (
            gettext("%(organization)s is ready. Here is how to get going.") % {"organization": ws.organization.name}
        ),
    )
