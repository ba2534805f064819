"""The day sheet pages: the upcoming sheets a user may read, one sheet, and its PDF. Thin: the
selector decides what the reader sees; a sheet they may not read is a 404, as an event is."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from productions.pages import production_page

from . import selectors


def _day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Http404("No such day.") from None


def _sheet_or_404(request, production_id, day):
    sheet = selectors.day_sheet(request.user, production_id, _day(day))
    if sheet is None:
        raise Http404("No day sheet you may read.")
    return sheet


def sheet_list(request):
    sheets = selectors.upcoming_sheets(request.user)
    return render(
        request,
        "daysheets/list.html",
        {"sheets": sheets, "days": selectors.UPCOMING_DAYS, "today": timezone.localdate()},
    )


def sheet_detail(request, production_id, day):
    sheet = _sheet_or_404(request, production_id, day)
    return render(request, "daysheets/sheet.html", {"sheet": sheet, "workspace": sheet.workspace})


def sheet_pdf(request, production_id, day):
    from .pdf import day_sheet_pdf

    sheet = _sheet_or_404(request, production_id, day)
    response = HttpResponse(day_sheet_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{sheet.filename}"'
    return response


def production_daysheets(request, pk):
    """The Day sheets tab of a production page (registered with productions in DaysheetsConfig.ready)."""
    production, context = production_page(request, pk, "daysheets")
    context.update(
        {"sheets": selectors.upcoming_sheets(request.user, production=production), "days": selectors.UPCOMING_DAYS}
    )
    return render(request, "daysheets/production_tab.html", context)
