from django.urls import path

from . import events_views as views

app_name = "events"

urlpatterns = [
    path("", views.event_list_page, name="list"),
    path("<int:pk>/", views.event_detail_page, name="detail"),
]
