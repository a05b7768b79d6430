"""Nested paths under an organization (included by core/urls.py before the router)."""

from django.urls import path

from .api import suggestion_dismiss_view, suggestion_list_view

urlpatterns = [
    path(
        "organizations/<int:organization_id>/suggestions/",
        suggestion_list_view,
        name="organization-suggestions",
    ),
    path(
        "organizations/<int:organization_id>/suggestions/<int:pk>/dismiss/",
        suggestion_dismiss_view,
        name="organization-suggestion-dismiss",
    ),
]
