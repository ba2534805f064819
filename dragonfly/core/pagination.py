"""The API's one pagination: `?limit=&offset=`, PAGE_SIZE rows by default, never more than MAX_LIMIT."""

from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 200  # dragonfly.testing.parity reads lists with limit=200: keep them equal or raise both
MAX_OFFSET = 2**31 - 1  # past any table of ours, and far inside a 64-bit OFFSET


class Pagination(LimitOffsetPagination):
    """A larger `limit` is cut to MAX_LIMIT (not refused); an offset past the end is an empty page."""

    max_limit = MAX_LIMIT

    def get_offset(self, request):
        return min(super().get_offset(request), MAX_OFFSET)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": MAX_LIMIT})
                parameter["description"] = f"Number of results to return per page (at most {MAX_LIMIT})."
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update({"minimum": 0})
        return parameters
