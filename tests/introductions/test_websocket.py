"""The conversation WebSocket: session-authenticated, origin-checked, members only; messages
written by the service arrive live."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from core.asgi import application
from matching.introductions import services

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1")


async def communicator_for(client, user, path, origin=ORIGIN):
    headers = [origin] if origin else []
    if user is not None:
        await database_sync_to_async(client.force_login)(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


@pytest.fixture
def conv(conversation):
    return conversation


@pytest.mark.parametrize(
    ("role", "connects", "code"),
    [("anonymous", False, 4401), ("requester_member", True, None),
     ("recipient_member", True, None), ("other_org_member", False, 4403),
     ("outsider", False, 4403), ("staff", False, 4403)],
)  # fmt: skip
async def test_who_may_open_a_conversation_socket(client, personas, conv, role, connects, code):
    user = personas[role] if role != "anonymous" else None
    communicator = await communicator_for(client, user, f"/ws/conversations/{conv.pk}/")
    connected, close_code = await communicator.connect()
    assert connected is connects
    if not connects:
        assert close_code == code
    await communicator.disconnect()


async def test_staff_may_open_a_curated_conversation_socket(client, staff, curated_conversation):
    communicator = await communicator_for(
        client, staff, f"/ws/conversations/{curated_conversation.pk}/"
    )
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()


async def test_a_foreign_origin_is_refused(client, chonaikai_owner, conv):
    communicator = await communicator_for(
        client,
        chonaikai_owner,
        f"/ws/conversations/{conv.pk}/",
        origin=(b"origin", b"https://evil.example"),
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_a_posted_message_reaches_the_other_sides_socket(
    client, chonaikai_owner, npo_editor, conv
):
    communicator = await communicator_for(client, chonaikai_owner, f"/ws/conversations/{conv.pk}/")
    connected, _ = await communicator.connect()
    assert connected
    await database_sync_to_async(services.message_post)(
        conversation=conv, by=npo_editor, body="はじめまして"
    )
    payload = await communicator.receive_json_from(timeout=5)
    assert payload["kind"] == "message"
    assert payload["body"] == "はじめまして"
    await communicator.disconnect()


async def test_a_new_message_pushes_the_unread_badge(client, chonaikai_owner, npo_editor, conv):
    communicator = await communicator_for(client, chonaikai_owner, "/ws/notifications/")
    connected, _ = await communicator.connect()
    assert connected
    await database_sync_to_async(services.message_post)(
        conversation=conv, by=npo_editor, body="お知らせ"
    )
    payload = await communicator.receive_json_from(timeout=5)
    assert payload["kind"] == "unread"
    assert payload["unread"] >= 1
    await communicator.disconnect()
