"""WebSocket routes for the ASGI app. Apps add their consumers here."""

from django.urls import path

from core.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
