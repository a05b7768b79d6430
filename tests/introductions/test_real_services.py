"""Real services: two ASGI server processes sharing the Redis channel layer, and a real
Celery worker delivering the notification e-mail through Redis."""

import asyncio
import json
import urllib.request

import pytest
from channels.db import database_sync_to_async
from websockets.asyncio.client import connect

from core.celery import app
from core.models import Notification
from core.notifications import notify
from core.tasks import send_notification_email
from tests.conftest import require_service
from tests.helpers import child_env, database_url_for_children

from .servers import free_port, start_daphne, stop

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _post_json(url: str, token: str, data: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, json.loads(response.read())


@pytest.fixture
def database_url():
    url = database_url_for_children()
    require_service("PostgreSQL", url is not None, "set DATABASE_URL=postgres://…")
    return url


async def test_a_message_posted_through_one_server_reaches_a_client_of_another(
    redis_url, database_url, client, conversation, chonaikai_owner, npo_editor
):
    from rest_framework.authtoken.models import Token

    token = (await database_sync_to_async(Token.objects.create)(user=npo_editor)).key
    await database_sync_to_async(client.force_login)(chonaikai_owner)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    env = child_env(DATABASE_URL=database_url, REDIS_URL=redis_url)
    port_a, port_b = free_port(), free_port()
    servers = []
    try:
        servers = list(await asyncio.gather(start_daphne(port_a, env), start_daphne(port_b, env)))
        async with connect(
            f"ws://127.0.0.1:{port_b}/ws/conversations/{conversation.pk}/",
            origin=f"http://127.0.0.1:{port_b}",
            additional_headers={"Cookie": cookie},
        ) as websocket:
            status, body = await asyncio.to_thread(
                _post_json,
                f"http://127.0.0.1:{port_a}/api/v1/conversations/{conversation.pk}/messages/",
                token,
                {"body": "別のサーバーから こんにちは"},
            )
            assert status == 201
            received = json.loads(await asyncio.wait_for(websocket.recv(), timeout=15))
        assert received["kind"] == "message"
        assert received["id"] == body["id"]
        assert received["body"] == "別のサーバーから こんにちは"
    finally:
        for server in servers:
            await stop(server)


async def test_another_organizations_member_is_refused_by_a_real_server(
    redis_url, database_url, client, conversation, company_member
):
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    await database_sync_to_async(client.force_login)(company_member)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    port = free_port()
    server = await start_daphne(port, child_env(DATABASE_URL=database_url, REDIS_URL=redis_url))
    try:
        with pytest.raises((ConnectionClosed, InvalidStatus)):
            async with connect(
                f"ws://127.0.0.1:{port}/ws/conversations/{conversation.pk}/",
                origin=f"http://127.0.0.1:{port}",
                additional_headers={"Cookie": cookie},
            ) as websocket:
                await asyncio.wait_for(websocket.recv(), timeout=10)
    finally:
        await stop(server)


def test_a_real_worker_mails_a_notification_once(worker_queue, monkeypatch, npo_editor):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    results = []
    monkeypatch.setattr(
        send_notification_email,
        "delay",
        lambda pk: results.append(send_notification_email.apply_async([pk], queue=worker_queue)),
    )
    notification = notify(
        user=npo_editor, kind="introduction.requested", title="紹介の依頼が届きました"
    )
    assert len(results) == 1, "notify() queued the e-mail after commit"
    assert results[0].get(timeout=90) is True
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    again = send_notification_email.apply_async([notification.pk], queue=worker_queue)
    assert again.get(timeout=60) is False
    assert Notification.objects.get(pk=notification.pk).emailed_at == notification.emailed_at
