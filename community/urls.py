"""The community pages: /community/ (the feed), a post and its thread, people, connections, moderation."""

from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.feed, name="feed"),
    path("posts/new/", views.new_post, name="new_post"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/image/", views.post_image, name="post_image"),
    path("posts/<int:pk>/delete/", views.delete_post, name="delete_post"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("posts/<int:pk>/unreact/", views.unreact, name="unreact"),
    path("posts/<int:pk>/comment/", views.comment, name="comment"),
    path("posts/<int:pk>/report/", views.report, name="report"),
    path("posts/<int:pk>/hide/", views.hide_post, name="hide"),
    path("posts/<int:pk>/remove/", views.remove_post, name="remove"),
    path("posts/<int:pk>/restore/", views.restore_post, name="restore"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete_comment"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("people/<int:user_id>/follow/", views.follow_person, name="follow"),
    path("people/<int:user_id>/unfollow/", views.unfollow_person, name="unfollow"),
    path("people/<int:user_id>/connect/", views.connect, name="connect"),
    path("people/<int:user_id>/block/", views.block_person, name="block"),
    path("people/<int:user_id>/unblock/", views.unblock_person, name="unblock"),
    path("organizations/<int:org_id>/follow/", views.follow_organization, name="follow_organization"),
    path("organizations/<int:org_id>/unfollow/", views.unfollow_organization, name="unfollow_organization"),
    path("connections/", views.connections, name="connections"),
    path("connections/<int:pk>/accept/", views.accept_connection, name="accept"),
    path("connections/<int:pk>/decline/", views.decline_connection, name="decline"),
    path("connections/<int:pk>/remove/", views.remove_connection, name="remove_connection"),
    path("moderation/", views.moderation, name="moderation"),
]
