"""WebSocket routes for the ASGI app. Apps add their consumers here."""

from django.urls import path

from core.consumers import NotificationConsumer
from matching.introductions.consumers import ConversationConsumer
from profiles.consumers import ImportRunConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/conversations/<int:conversation_id>/", ConversationConsumer.as_asgi()),
    path("ws/imports/<int:job_id>/", ImportRunConsumer.as_asgi()),
]
