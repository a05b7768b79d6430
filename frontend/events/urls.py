from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list_page, name="list"),
    path("calendar/", views.event_month_page, name="month"),
    path("mine/", views.my_registrations, name="mine"),
    path("new/", views.event_create_page, name="create"),
    path("review/", views.review_queue_page, name="review"),
    path("feed.ics", views.feed_all, name="feed"),
    path("feed/ward/<slug:slug>.ics", views.feed_ward, name="feed_ward"),
    path("feed/org/<str:token>.ics", views.feed_organization, name="feed_org"),
    path("feed/org/new/<int:org_id>/", views.feed_create, name="feed_create"),
    path("<int:pk>/", views.event_detail_page, name="detail"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/edit/", views.event_edit_page, name="edit"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/manage/", views.manage_page, name="manage"),
    path("<int:pk>/attendees/print/", views.attendees_print_page, name="print"),
    path("<int:pk>/invite/", views.invite_page, name="invite"),
    path(
        "<int:pk>/<str:action>/",
        views.event_action,
        name="action",
    ),
    path("registrations/<int:pk>/cancel/", views.cancel_registration, name="cancel_registration"),
    path("registrations/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("invitations/<int:pk>/decline/", views.decline_invitation, name="decline_invitation"),
]
