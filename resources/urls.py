"""The resources pages: /resources/w/<org>/<ws>/ (materials), its courses and the reader's learning;
its grants and grant applications; a material, a course, an enrolment's moves, a grant and an
application by id."""

from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views

app_name = "resources"
ws = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = [
    *module_home_urls("resources", views.materials),
    path(f"{ws}materials/new/", views.new_material, name="new_material"),
    path(f"{ws}courses/", views.courses, name="courses"),
    path(f"{ws}courses/new/", views.new_course, name="new_course"),
    path(f"{ws}mine/", views.mine, name="mine"),
    path(f"{ws}grants/", views.grants, name="grants"),
    path(f"{ws}grants/new/", views.new_grant, name="new_grant"),
    path(f"{ws}grants/applications/", views.applications, name="applications"),
    path("material/<int:pk>/", views.material_detail, name="material"),
    path("material/<int:pk>/edit/", views.edit_material, name="edit_material"),
    path("material/<int:pk>/delete/", views.delete_material, name="delete_material"),
    path("course/<int:pk>/", views.course_detail, name="course"),
    path("course/<int:pk>/edit/", views.edit_course, name="edit_course"),
    path("course/<int:pk>/lessons/", views.add_lesson, name="add_lesson"),
    path("course/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolment/<int:pk>/lessons/<int:lesson_pk>/done/", views.complete_lesson, name="complete_lesson"),
    path("grant/<int:pk>/", views.grant_detail, name="grant"),
    path("grant/<int:pk>/edit/", views.edit_grant, name="edit_grant"),
    path("grant/<int:pk>/delete/", views.delete_grant, name="delete_grant"),
    path("grant/<int:pk>/apply/", views.apply, name="apply"),
    path("application/<int:pk>/", views.application_detail, name="application"),
    path("application/<int:pk>/edit/", views.edit_application, name="edit_application"),
    path("application/<int:pk>/document/", views.application_document, name="application_document"),
    path("application/<int:pk>/move/<slug:to_status>/", views.move_application, name="move_application"),
]
