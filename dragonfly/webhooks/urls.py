from django.urls import path

from . import incoming_views, views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="endpoints"),
    path("new/", views.endpoint_new, name="endpoint_new"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("<int:pk>/edit/", views.endpoint_edit, name="endpoint_edit"),
    path("<int:pk>/test/", views.endpoint_test, name="endpoint_test"),
    path("<int:pk>/rotate-secret/", views.endpoint_rotate, name="endpoint_rotate"),
    path("<int:pk>/delete/", views.endpoint_delete, name="endpoint_delete"),
    path("deliveries/<int:pk>/replay/", views.delivery_replay, name="delivery_replay"),
    path("incoming/", incoming_views.sources, name="sources"),
    path("incoming/<int:pk>/", incoming_views.source_detail, name="source"),
    path("incoming/<int:pk>/toggle/", incoming_views.source_toggle, name="source_toggle"),
]

incoming_patterns = [path("<slug:source>/", views.receive, name="incoming")]
