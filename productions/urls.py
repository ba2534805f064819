from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views
from .extensions import registered_tabs

app_name = "productions"
urlpatterns = module_home_urls("productions", views.workspace_home) + [
    path("w/<slug:org_slug>/<slug:ws_slug>/new/", views.new_production, name="new"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("phase-milestones/", views.phase_templates, name="phase_templates"),
    path("<int:pk>/", views.production_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_production, name="edit"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/tasks/", views.tasks, name="tasks"),
    path("<int:pk>/tasks/new/", views.new_task, name="new_task"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/milestones/", views.milestones, name="milestones"),
    path("<int:pk>/milestones/new/", views.new_milestone, name="new_milestone"),
    path("<int:pk>/compliance/", views.compliance, name="compliance"),
    path("<int:pk>/compliance/new/", views.new_compliance_item, name="new_compliance_item"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/add/", views.add_team_member, name="add_team_member"),
    path("team-member/<int:pk>/remove/", views.remove_team_member, name="remove_team_member"),
    path("task/<int:pk>/", views.task_detail, name="task"),
    path("task/<int:pk>/edit/", views.edit_task, name="edit_task"),
    path("task/<int:pk>/move/", views.move_task, name="move_task"),
    path("task/<int:pk>/delete/", views.delete_task, name="delete_task"),
    path("task/<int:pk>/checklist/", views.add_checklist_item, name="add_checklist_item"),
    path("task/<int:pk>/comment/", views.comment, name="comment"),
    path("checklist-item/<int:pk>/", views.toggle_checklist_item, name="checklist_item"),
    path("milestone/<int:pk>/edit/", views.edit_milestone, name="edit_milestone"),
    path("milestone/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("compliance-item/<int:pk>/", views.compliance_item, name="compliance_item"),
]
# The tabs other modules bring with their own view (events: schedule, advancing: advances).
urlpatterns += [path(f"<int:pk>/{tab.name}/", tab.view, name=tab.name) for tab in registered_tabs() if tab.view]
