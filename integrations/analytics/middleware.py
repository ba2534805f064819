"""A "page opened" product event for each HTML page a signed-in user of an opted-in organization
opens (integrations/analytics/events.py): after the response is made, one row at most and no other
query; the provider is told from Celery. Any failure here is logged and never reaches the user."""

import logging

from django.utils.functional import SimpleLazyObject, empty

from . import events

log = logging.getLogger(__name__)


class PageOpenedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(request, "htmx", False)  # a fragment of a page already counted
        ):
            try:
                self._note(request)
            except Exception:  # analytics must never cost a page
                log.exception("page-opened event not recorded")
        return response

    def _note(self, request):
        workspace = request.__dict__.get("workspace")
        if isinstance(workspace, SimpleLazyObject) and workspace._wrapped is empty:
            return  # the page did not need its workspace: no query made for analytics either
        # An evaluated workspace was resolved for a signed-in user (no query to ask again).
        if not workspace or not request.user.is_authenticated:
            return
        match = request.resolver_match
        events.record(
            workspace.organization_id,
            request.user,
            "page opened",
            {
                "workspace_id": workspace.pk,
                "module": (match.namespace or match.app_name or "") if match else "",
                "page": (match.url_name or "") if match else "",
            },
        )
