"""Response middleware of the core: /api/ errors stay JSON under DEBUG=1."""

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
