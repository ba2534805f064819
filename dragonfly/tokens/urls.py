from django.urls import path

from . import views

app_name = "tokens"
urlpatterns = [
    path("", views.my_tokens, name="mine"),
    path("<uuid:token_id>/revoke/", views.revoke_mine, name="revoke"),
    path("organization/", views.organization_tokens, name="organization"),
    path("organization/<uuid:token_id>/revoke/", views.revoke_organization, name="organization_revoke"),
]
