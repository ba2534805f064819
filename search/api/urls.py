"""`/api/search`, without a trailing slash as the platform spec writes its routes (and tolerating one)."""

from django.urls import path

from . import views

app_name = "search_api"


class SearchViewWithSlash(views.SearchView):
    schema = None  # the same endpoint; left out of the OpenAPI schema


urlpatterns = [
    path("search", views.SearchView.as_view(), name="search"),
    path("search/", SearchViewWithSlash.as_view()),
]
