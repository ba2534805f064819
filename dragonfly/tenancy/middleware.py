from django.http import Http404
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from .access import user_language, user_timezone
from .models import Workspace

SESSION_KEY = "current_workspace_id"


def _visible_workspaces(user):
    return Workspace.objects.visible_to(user).select_related("organization")


def _resolve_from_session(request):
    user = request.user
    if not user.is_authenticated:
        return None
    workspaces = _visible_workspaces(user)
    ws_id = request.session.get(SESSION_KEY)
    workspace = workspaces.filter(pk=ws_id).first() if ws_id else None
    return workspace or workspaces.filter(archived=False).first() or workspaces.first()


class CurrentWorkspaceMiddleware:
    """Resolves `request.workspace` once per request.

    A URL that names a workspace (`org_slug` + `ws_slug`) decides it, and answers 404 when
    the user holds no role there, so another organization's workspace is indistinguishable
    from one that does not exist. Otherwise the workspace last chosen in the session is
    used, falling back to the first one the user may open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.workspace = SimpleLazyObject(lambda: _resolve_from_session(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        org_slug, ws_slug = view_kwargs.get("org_slug"), view_kwargs.get("ws_slug")
        if org_slug is None or ws_slug is None or not request.user.is_authenticated:
            return None
        workspace = _visible_workspaces(request.user).filter(organization__slug=org_slug, slug=ws_slug).first()
        if workspace is None:
            raise Http404("No such workspace.")
        request.workspace = workspace
        if request.session.get(SESSION_KEY) != workspace.pk:
            request.session[SESSION_KEY] = workspace.pk
        return None


def remember_workspace(request, workspace):
    request.workspace = workspace
    request.session[SESSION_KEY] = workspace.pk


class UserTimezoneMiddleware:
    """Shows and reads times in the viewer's zone for the whole request (templates' |date and
    |time, forms' datetime input, exports): `access.user_timezone`, undone when the response is out.

    Event- and venue-bound times ignore it and name their venue's zone (`access.venue_timezone`).
    The API is left out: its times are ISO 8601 with their offset (UTC), which a program reads
    without a zone, and its token users are only known inside DRF, after this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            return self.get_response(request)
        with timezone.override(user_timezone(request.user)):
            return self.get_response(request)


class UserLanguageMiddleware:
    """Pages speak the viewer's language: their profile's choice (`access.user_language`, read with
    the access rows the request loads anyway), else the browser's Accept-Language, else English.

    The API follows Accept-Language alone (DRF translates its own `detail` texts; `code`s stay
    English): its token users are only known inside DRF, and a program states what it reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        own = "" if request.path.startswith("/api/") else user_language(request.user)
        language = own or translation.get_language_from_request(request)
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
