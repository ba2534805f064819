from django.urls import path

from . import views

app_name = "files"
urlpatterns = [
    path("public/<uuid:pk>/", views.serve_public, name="public"),
    path("<uuid:pk>/", views.serve_private, name="private"),
]
