"""Small helpers every module's page views share."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from .errors import Conflict

PER_PAGE = 25


def visible_or_404(model, user, pk, *related, perm=None):
    """One object the user may see (or hold `perm` on); anything else is a 404."""
    qs = model.objects.visible_to(user, perm)
    if related:
        qs = qs.select_related(*related)
    return get_object_or_404(qs, pk=pk)


def paginate(request, queryset, per_page=PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def error_status(exc):
    """409 when the object's state forbids the move, 400 for other refused input."""
    return 409 if isinstance(exc, Conflict) else 400


def safe_querystring(request, drop=("page",)):
    """The current query string without `drop`, for links that keep the filters."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()
