"""GET /api/daysheets/{production_id}/{day}: a day sheet as JSON, the same sections the page shows
to the same reader (a sheet they may not read is a 404)."""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors


class DaySheetView(APIView):
    """One production's day: schedule, crew calls, venues, advance status, hotel and travel, contacts."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, production_id, day):
        try:
            date = datetime.date.fromisoformat(day)
        except ValueError:
            raise NotFound("No such day: use YYYY-MM-DD.") from None
        sheet = selectors.day_sheet(request.user, production_id, date)
        if sheet is None:
            raise NotFound("No day sheet you may read.")
        return Response(selectors.sheet_as_json(sheet))
