from django.urls import path, register_converter

from . import views


class IsoDay:
    """A day as YYYY-MM-DD in the path; the view reads it (and answers 404 for a day that isn't one)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(IsoDay, "isoday")

app_name = "daysheets"
urlpatterns = [
    path("", views.sheet_list, name="list"),
    path("<int:production_id>/<isoday:day>/", views.sheet_detail, name="sheet"),
    path("<int:production_id>/<isoday:day>/pdf/", views.sheet_pdf, name="pdf"),
]
