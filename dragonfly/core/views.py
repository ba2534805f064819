from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.tenancy.middleware import remember_workspace
from dragonfly.tenancy.models import Workspace

from .api import api_error_response
from .navigation import MODULES_BY_APP, home_sections, modules_for


def home(request):
    from dragonfly.accounts.onboarding import checklist

    workspace = request.workspace or None
    modules = modules_for(request.user, workspace)
    sections = home_sections(request, workspace) if workspace else []
    context = {"modules": modules, "checklist": checklist(request.user, workspace), "sections": sections}
    return render(request, "core/home.html", context)


@require_POST
def dismiss_checklist(request):
    from dragonfly.accounts.onboarding import dismiss_checklist

    if request.POST.get("dismiss") != "1":
        raise BadRequest(_("Say what to hide."))  # a stray POST changes nothing
    dismiss_checklist(request.user)
    return redirect("home")


@require_POST
def switch_workspace(request):
    """Switch to another workspace the user belongs to; another org's id answers 404."""
    ws_id = request.POST.get("workspace", "")
    if not ws_id.isdigit():
        raise Http404(_("No such workspace."))
    workspace = Workspace.objects.visible_to(request.user).filter(pk=int(ws_id)).select_related("organization").first()
    if workspace is None:
        raise Http404(_("No such workspace."))
    remember_workspace(request, workspace)
    module = MODULES_BY_APP.get(request.POST.get("module", ""))
    if module is not None:
        try:
            slugs = [workspace.organization.slug, workspace.slug]
            return redirect(reverse(f"{module.app_label}:workspace_home", args=slugs))
        except NoReverseMatch:
            return redirect(module.url_name)
    return redirect("home")


@login_not_required
def healthz(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})


def _is_api(request):
    return request.path.startswith("/api/")


def error_404(request, exception=None):
    if _is_api(request):
        return api_error_response(404, _("No API route or object matches this URL."), "not_found")
    return render(request, "errors/404.html", status=404)


def error_403(request, exception=None):
    message = str(exception) if exception and str(exception) else _("You may not do this.")
    if _is_api(request):
        return api_error_response(403, message, "permission_denied")
    return render(request, "errors/403.html", {"message": message}, status=403)


def error_400(request, exception=None):
    if _is_api(request):
        return api_error_response(400, _("The request is malformed."), "bad_request")
    return render(request, "errors/400.html", status=400)


def error_500(request):
    if _is_api(request):
        return api_error_response(500, _("Something went wrong on our side; it has been logged."), "server_error")
    return render(request, "errors/500.html", status=500)
