from django.urls import path

from . import views

app_name = "daysheets_api"

urlpatterns = [
    path("daysheets/<int:production_id>/<str:day>", views.DaySheetView.as_view(), name="sheet"),
]
