"""Nested paths under an organization or an event (included by core/urls.py before the
router)."""

from django.urls import path

from .api import (
    EventInvitationSuggestions,
    OrganizationEventSuggestions,
    suggestion_dismiss_view,
    suggestion_list_view,
)

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
    path(
        "organizations/<int:organization_id>/event-suggestions/",
        OrganizationEventSuggestions.as_view(),
        name="organization-event-suggestions",
    ),
    path(
        "events/<int:event_id>/invitation-suggestions/",
        EventInvitationSuggestions.as_view(),
        name="event-invitation-suggestions",
    ),
]
