from django.urls import path

from . import csr, views

app_name = "introductions"
urlpatterns = [
    path("", views.introduction_inbox, name="list"),
    path("request/", views.introduction_request_page, name="request"),
    path("propose/", views.introduction_propose_page, name="propose"),
    path("<int:pk>/", views.introduction_detail, name="detail"),
    path("<int:pk>/accept/", views.introduction_accept_page, name="accept"),
    path("<int:pk>/decline/", views.introduction_decline_page, name="decline"),
    path("<int:pk>/withdraw/", views.introduction_withdraw_page, name="withdraw"),
    path("conversations/", views.conversation_index, name="conversations"),
    path("conversations/<int:pk>/", views.conversation_page, name="conversation"),
    path("collaborations/", views.collaboration_index, name="collaborations"),
    path("collaborations/new/", views.collaboration_new, name="collaboration_new"),
    path("collaborations/export.csv", views.collaboration_csv, name="collaborations_csv"),
    path("collaborations/report/", views.collaboration_report, name="collaborations_report"),
    path("csr/<int:pk>/", csr.csr_report_page, name="csr_report"),
    path("csr/<int:pk>/export.csv", csr.csr_report_csv, name="csr_report_csv"),
    path("collaborations/<int:pk>/", views.collaboration_detail, name="collaboration"),
    path("collaborations/<int:pk>/edit/", views.collaboration_edit, name="collaboration_edit"),
]
