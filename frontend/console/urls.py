from django.urls import path

from . import views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/figures.csv", views.dashboard_csv, name="dashboard_csv"),
    path("dashboard/<slug:key>.csv", views.figure_csv, name="figure_csv"),
    path("report/", views.report, name="report"),
    path("report/report.csv", views.report_csv, name="report_csv"),
    path("report/targets/", views.report_targets, name="report_targets"),
    path("curate/", views.curate, name="curate"),
    path("curate/<int:pk>/", views.curate_organization, name="curate_organization"),
    path("curate/<int:pk>/review/", views.curate_review, name="curate_review"),
    path("curate/<int:pk>/propose/", views.curate_propose, name="curate_propose"),
    path("introductions/", views.introductions_board, name="introductions_board"),
    path("introductions/pair/<int:a>/<int:b>/", views.introduction_pair, name="introduction_pair"),
    path("matching/learning/", views.matcher_learning, name="matcher_learning"),
    path("matching/learning/reset/", views.matcher_learning_reset, name="matcher_learning_reset"),
    path("events/", views.events_desk, name="events_desk"),
    path("events/<int:pk>/seating/", views.seating, name="seating"),
]
