from django.urls import path

from . import views
from .matching import company

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set_language"),
    path("for-companies/", company.for_companies, name="for_companies"),
]
