"""The profile pages: /profiles/ (one's own), /profiles/<user id>/ (anyone's, as its owner lets you see it)."""

from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("", views.my_profile, name="mine"),
    path("edit/", views.edit_profile, name="edit"),
    path("photo/remove/", views.remove_photo, name="remove_photo"),
    path("history/new/", views.add_history, name="add_history"),
    path("history/refresh/", views.refresh_history, name="refresh_history"),
    path("history/<int:pk>/edit/", views.edit_history, name="edit_history"),
    path("history/<int:pk>/remove/", views.remove_history, name="remove_history"),
    path("endorsements/<int:pk>/remove/", views.remove_endorsement, name="remove_endorsement"),
    path("<int:user_id>/", views.profile_detail, name="detail"),
    path("<int:user_id>/endorse/", views.endorse, name="endorse"),
]
