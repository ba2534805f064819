from django.urls import path, re_path

from . import views

app_name = "daysheets"
DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"
urlpatterns = [
    path("", views.sheet_list, name="list"),
    re_path(rf"^(?P<production_id>\d+)/{DAY}/$", views.sheet_detail, name="sheet"),
    re_path(rf"^(?P<production_id>\d+)/{DAY}/pdf/$", views.sheet_pdf, name="pdf"),
]
