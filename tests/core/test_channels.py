"""WebSockets: the consumer's rules over whatever layer is configured, and the Redis layer for
real (two layer instances stand for two server processes sharing Redis)."""

import asyncio
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from channels_redis.core import RedisChannelLayer

from core.asgi import application
from core.consumers import user_group


@pytest.mark.services
async def test_a_message_sent_through_redis_reaches_another_layer_instance(redis_url):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    sender = RedisChannelLayer(
        hosts=[{"address": redis_url, "socket_timeout": None}], prefix=prefix
    )
    receiver = RedisChannelLayer(
        hosts=[{"address": redis_url, "socket_timeout": None}], prefix=prefix
    )
    channel = await receiver.new_channel()
    await receiver.group_add("user.42", channel)
    await sender.group_send("user.42", {"type": "notify", "payload": {"text": "こんにちは"}})
    message = await asyncio.wait_for(receiver.receive(channel), timeout=5)
    assert message["payload"] == {"text": "こんにちは"}
    await receiver.flush()


@pytest.mark.django_db(transaction=True)
async def test_anonymous_websocket_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"origin", b"http://127.0.0.1")]
    )
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4401


@pytest.mark.django_db(transaction=True)
async def test_signed_in_person_receives_what_is_sent_to_their_group(client, django_user_model):
    user = await database_sync_to_async(django_user_model.objects.create_user)(
        email="ws@example.org", password="pw-123456789"
    )
    await database_sync_to_async(client.force_login)(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    communicator = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[(b"origin", b"http://127.0.0.1"), (b"cookie", cookie)],
    )
    connected, _ = await communicator.connect()
    assert connected
    await get_channel_layer().group_send(
        user_group(user.pk), {"type": "notify", "payload": {"unread": 3}}
    )
    assert await communicator.receive_json_from(timeout=5) == {"unread": 3}
    await communicator.disconnect()
