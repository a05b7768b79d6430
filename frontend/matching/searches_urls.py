from django.urls import path

from . import searches

app_name = "searches"

urlpatterns = [
    path("", searches.saved_search_list, name="list"),
    path("save/", searches.saved_search_create, name="create"),
    path("<int:pk>/delete/", searches.saved_search_delete, name="delete"),
]
