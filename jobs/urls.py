"""The jobs pages: the board at /jobs/, a workspace's postings and contracts at
/jobs/w/<org>/<ws>/postings/ and …/contracts/, one posting at /jobs/posting/<pk>/, one contract at
/jobs/contract/<pk>/."""

from django.urls import path

from . import views

app_name = "jobs"
ws = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = [
    path("", views.board, name="board"),
    path(f"{ws}postings/", views.postings, name="postings"),
    path(f"{ws}postings/new/", views.new_posting, name="new_posting"),
    path("posting/<int:pk>/", views.posting, name="posting"),
    path("posting/<int:pk>/apply/", views.apply, name="apply"),
    path("posting/<int:pk>/close/", views.close_posting, name="close_posting"),
    path(f"{ws}contracts/", views.contracts, name="contracts"),
    path(f"{ws}contracts/new/", views.new_contract, name="new_contract"),
    path("contract/<int:pk>/", views.contract, name="contract"),
    path("contract/<int:pk>/edit/", views.edit_contract, name="edit_contract"),
    path("contract/<int:pk>/move/<slug:to_status>/", views.move_contract, name="move_contract"),
    path("contract/<int:pk>/document/", views.add_document, name="add_document"),
    path("contract/<int:pk>/invoice-time/", views.invoice_time, name="invoice_time"),
]
