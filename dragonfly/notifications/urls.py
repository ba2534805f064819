from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read, name="read"),
    path("email/bounce/clear/", views.clear_bounce, name="clear_bounce"),
    path("email/status/", views.email_status, name="email_status"),
]
