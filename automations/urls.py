"""The automation pages of an organization admin: /automations/ (rules), new, edit, test run, the log."""

from django.urls import path

from . import views

app_name = "automations"
urlpatterns = [
    path("", views.rules, name="rules"),
    path("new/", views.new_rule, name="new"),
    path("log/", views.usage_log, name="log"),
    path("<int:pk>/", views.edit_rule, name="edit"),
    path("<int:pk>/toggle/", views.toggle_rule, name="toggle"),
    path("<int:pk>/delete/", views.delete_rule, name="delete"),
    path("<int:pk>/test/", views.test_rule, name="test"),
]
