from django.urls import path

from . import views

app_name = "files"
ws = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = [
    path("public/<uuid:pk>/", views.serve_public, name="public"),
    path("<uuid:pk>/", views.serve_private, name="private"),
    path(ws, views.workspace_files, name="list"),
    path(f"{ws}upload/", views.upload, name="upload"),
    path("document/<int:pk>/", views.document_detail, name="document"),
    path("document/<int:pk>/edit/", views.edit_document, name="edit"),
    path("document/<int:pk>/current/", views.current_version, name="current"),
    path("document/<int:pk>/v/<int:version>/", views.version_file, name="version"),
    path("document/<int:pk>/versions/", views.new_version, name="new_version"),
    path("document/<int:pk>/v/<int:version>/restore/", views.restore, name="restore"),
    path("document/<int:pk>/share/", views.share, name="share"),
    path("document/<int:pk>/share/<int:link_pk>/revoke/", views.revoke, name="revoke"),
    path("attach/<int:content_type_id>/<str:object_id>/", views.attach, name="attach"),
    path("s/<str:token>/", views.shared, name="shared"),
]
