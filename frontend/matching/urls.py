from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.suggestions, name="suggestions"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
