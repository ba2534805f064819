"""`GET /api/search?q=&type=`: the results page's hits as JSON, paged with `limit`/`offset`, through
the same service (and so the same `visible_to` of every model)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from dragonfly.core.pagination import Pagination

from .. import services
from ..models import SearchEntry
from ..registry import source_for
from .serializers import HitSerializer, SearchQuerySerializer


class SearchView(generics.GenericAPIView):
    """Search productions, events, advances and their lines, the catalog, people, teams, assets,
    companies, contacts, venues, tasks and files: the best hits the caller may open, best first."""

    serializer_class = HitSerializer
    pagination_class = Pagination
    # Only for the schema (a paged list of hits): the hits come from the search service, not this.
    queryset = SearchEntry.objects.none()

    @extend_schema(parameters=[SearchQuerySerializer], responses=HitSerializer(many=True))
    def get(self, request):
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        q = services.clean_query(params.validated_data["q"])
        key = params.validated_data.get("type") or ""
        source = source_for(key) if key else None
        if key and source is None:
            raise ValidationError({"type": [_("There is no “%(type)s” to search in.") % {"type": key}]})
        near = services.near_words(q)  # once: the hits and the marked words read the same corrections
        if source is not None:
            hits = services.search_type(request.user, q, source, near)
        else:
            hits = services.search_all(request.user, q, near)
        page = self.paginate_queryset(hits)
        serializer = self.get_serializer(
            page, many=True, context={"words": services.marked_words(q, near), "request": request}
        )
        return self.get_paginated_response(serializer.data)
