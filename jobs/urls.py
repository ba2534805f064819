"""The jobs pages: the board at /jobs/, a workspace's postings and contracts at
/jobs/w/<org>/<ws>/postings/ and …/contracts/, one posting at /jobs/posting/<pk>/, one contract at
/jobs/contract/<pk>/; every organization's public requests for proposals at /jobs/rfps/ (one at
/jobs/rfp/<pk>/, the reader's organizations' bids at /jobs/rfps/bids/, one at /jobs/rfp-bid/<pk>/)."""

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
    path("rfps/", views.rfp_board, name="rfps"),
    path("rfps/bids/", views.my_bids, name="public_bids"),
    path("rfp/<int:pk>/", views.rfp, name="rfp"),
    path("rfp/<int:pk>/bid/", views.rfp_bid, name="rfp_bid"),
    path("rfp/<int:pk>/withdraw/", views.withdraw_rfp, name="withdraw_rfp"),
    path("rfp/<int:pk>/document/<int:document_pk>/", views.rfp_document, name="rfp_document"),
    path("rfp/publish/<int:rfq_pk>/", views.publish_rfp, name="publish_rfp"),
    path("rfp-bid/<int:pk>/", views.public_bid, name="public_bid"),
    path("rfp-bid/<int:pk>/withdraw/", views.withdraw_public_bid, name="withdraw_public_bid"),
]
