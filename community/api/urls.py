from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("community/posts", views.PostViewSet, basename="community-post")
router.register("community/comments", views.CommentViewSet, basename="community-comment")
router.register("community/connections", views.ConnectionViewSet, basename="community-connection")
router.register("community/follows", views.FollowViewSet, basename="community-follow")
router.register("community/blocks", views.BlockViewSet, basename="community-block")
router.register("community/reports", views.ReportViewSet, basename="community-report")

urlpatterns = router.urls
