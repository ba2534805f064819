"""The search pages: the results page (grouped by type, or one type's full list) and the top bar's
search-as-you-type dropdown (the same results, fewer, as an htmx fragment). Without JavaScript the top
bar's box is a plain GET form to the results page."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from dragonfly.core.pages import paginate

from . import services
from .registry import source_for, sources

PER_PAGE = 25
DROPDOWN_SIZE = 3  # hits per type in the top bar's dropdown


def results(request):
    q = services.clean_query(request.GET.get("q"))
    key = request.GET.get("type", "")
    source = source_for(key) if key else None
    status, error = 200, ""
    if key and source is None:
        status, error = 400, _("There is no “%(type)s” to search in; pick one of the types listed.") % {"type": key}
    near = services.near_words(q)  # once: the hits and the marked words read the same corrections
    context = {
        "q": q,
        "words": services.marked_words(q, near) if q else [],
        "source": source,
        "error": error,
        "types": sources(),
    }
    if request.htmx and request.GET.get("dropdown"):
        context["groups"] = services.search(request.user, q, size=DROPDOWN_SIZE, near=near) if q else []
        return render(request, "search/_dropdown.html", context)
    if source is not None:
        hits = services.search_type(request.user, q, source, near) if q else []
        context["page"] = paginate(request, hits, PER_PAGE)
        context["querystring"] = urlencode({"q": q, "type": source.key})
    elif not error:
        context["groups"] = services.search(request.user, q, near=near) if q else []
    return render(request, "search/results.html", context, status=status)
