"""Response middleware of the core: the Content-Security-Policy, and /api/ errors stay JSON under DEBUG=1."""

from django.conf import settings
from django.urls import get_resolver


class ApiNotFoundMiddleware:
    """An /api/ URL that matches no route answers the JSON 404 of handler404 also when DEBUG=1.

    With DEBUG=1 Django answers an unresolved URL with its HTML debug page before handler404 is
    consulted, and an API client parsing the answer breaks. (DEBUG=0 already reaches handler404.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return get_resolver().resolve_error_handler(404)(request)
        return response


# No inline script or style anywhere (no 'unsafe-inline'): scripts and styles come from our static
# files, so markup injected past the template escaping cannot run. Bars set their width with the
# .w-N classes of app.css, behaviour hangs on data- attributes read by static/js/app.js.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # data: for the admin's and Swagger UI's inline SVG icons; an object store (FILE_STORAGE=s3)
        # for the pictures and media whose download views redirect there.
        " ".join(["img-src 'self' data:", *settings.FILE_STORAGE_ORIGINS]),
        " ".join(["media-src 'self'", *settings.FILE_STORAGE_ORIGINS]),
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Sends the policy on every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
