"""The API's one pagination: `?limit=&offset=`, PAGE_SIZE rows by default, never more than MAX_LIMIT.

At a million rows it behaves as at a thousand (the HTML lists' ListPaginator does the same):
`count` stops at COUNT_CAP (no whole-table COUNT(*) per request), a deep offset is fetched by
deferred join (the page's ids from the ordering's index, then its rows), and `next` comes from
reading one row past the page, so a client pages on past the cap to the end.

Offsets stay the contract (not cursors): clients, the parity reader and the docs page with
`limit`/`offset` and read `count`; with the deferred join page 1,000 costs about what page 1 does."""

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.utils.urls import replace_query_param

from .paginator import ListPaginator, deferrable, deferred_slice

MAX_LIMIT = 200  # dragonfly.testing.parity reads lists with limit=200: keep them equal or raise both
MAX_OFFSET = 2**31 - 1  # past any table of ours, and far inside a 64-bit OFFSET


class Pagination(LimitOffsetPagination):
    """A larger `limit` is cut to MAX_LIMIT (not refused); an offset past the end is an empty page."""

    max_limit = MAX_LIMIT

    def get_offset(self, request):
        return min(super().get_offset(request), MAX_OFFSET)

    def get_count(self, queryset):
        return ListPaginator(queryset, 1).count  # up to the cap

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.count = self.get_count(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count == 0 or (self.offset > self.count and self.count < ListPaginator.CAP):
            self.has_more = False
            return []
        start, stop = self.offset, self.offset + self.limit + 1  # one more: is there a next page?
        rows = list(deferred_slice(queryset, start, stop) if start and deferrable(queryset) else queryset[start:stop])
        self.has_more = len(rows) > self.limit
        return rows[: self.limit]

    def get_next_link(self):
        if not self.has_more:
            return None
        url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        cap = f"{ListPaginator.CAP:,}"
        response["properties"]["count"]["description"] = (
            f"How many results match, counted up to {cap}: {cap} means at least that many (follow `next`)."
        )
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": MAX_LIMIT})
                parameter["description"] = f"Number of results to return per page (at most {MAX_LIMIT})."
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update({"minimum": 0})
        return parameters
