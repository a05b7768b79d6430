"""Live sockets follow permissions: a member removed from the organization, or whose
organization the support center suspends, stops hearing the conversation at once. Real
traffic: a Daphne process, the Redis channel layer, a WebSocket client."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from matching.introductions import services as introduction_services
from profiles.models import Membership
from profiles.services.membership import membership_remove
from profiles.services.organizations import organization_suspend
from tests.conftest import require_service
from tests.helpers import child_env, database_url_for_children
from tests.introductions.servers import start_daphne, stop

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conversation(chonaikai, npo, chonaikai_owner, npo_editor):
    intro = introduction_services.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )
    return introduction_services.introduction_accept(introduction=intro, by=npo_editor).conversation


@pytest.fixture
def npo_owner(npo):
    from tests.factories import MembershipFactory

    return MembershipFactory(organization=npo, role="owner").user


def _port() -> int:
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw9")
    return 8180 + int(worker.removeprefix("gw") or 0) % 10


async def _listen(client, user, conversation, redis_url):
    database_url = database_url_for_children()
    require_service("PostgreSQL", database_url is not None, "set DATABASE_URL=postgres://…")
    await database_sync_to_async(client.force_login)(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    port = _port()
    server = await start_daphne(port, child_env(DATABASE_URL=database_url, REDIS_URL=redis_url))
    socket = await connect(
        f"ws://127.0.0.1:{port}/ws/conversations/{conversation.pk}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": cookie},
    )
    return server, socket


async def _post(conversation, user, body):
    await database_sync_to_async(introduction_services.message_post)(
        conversation=conversation, by=user, body=body
    )


async def _read_until_closed(socket) -> tuple[list[str], int]:
    """Everything the socket still received, and the code it was closed with."""
    received = []
    try:
        while True:
            received.append(await asyncio.wait_for(socket.recv(), timeout=20))
    except ConnectionClosed as closed:
        return received, closed.rcvd.code


async def test_removing_a_member_closes_their_open_conversation_socket(
    redis_url, client, conversation, npo, npo_editor, npo_owner, chonaikai_owner
):
    server, socket = await _listen(client, npo_editor, conversation, redis_url)
    try:
        await _post(conversation, chonaikai_owner, "まだ聞こえますか")
        heard = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
        assert heard["body"] == "まだ聞こえますか"
        membership = await database_sync_to_async(Membership.objects.get)(
            organization=npo, user=npo_editor
        )
        await database_sync_to_async(membership_remove)(membership=membership, by=npo_owner)
        _received, code = await _read_until_closed(socket)
        assert code == 4403
    finally:
        await socket.close()
        await stop(server)


async def test_a_socket_rechecks_access_before_forwarding_a_message(
    redis_url, client, conversation, npo, npo_editor, chonaikai_owner
):
    server, socket = await _listen(client, npo_editor, conversation, redis_url)
    try:
        # Access taken away without any notice to the socket (e.g. by an admin in a shell).
        await database_sync_to_async(
            Membership.objects.filter(organization=npo, user=npo_editor).delete
        )()
        await _post(conversation, chonaikai_owner, "内緒の話")
        received, code = await _read_until_closed(socket)
        assert code == 4403
        assert not [m for m in received if "内緒の話" in m]
    finally:
        await socket.close()
        await stop(server)


async def test_suspending_an_organization_closes_its_members_conversation_sockets(
    redis_url, client, conversation, npo, npo_editor, chonaikai_owner, staff
):
    server, socket = await _listen(client, npo_editor, conversation, redis_url)
    try:
        await _post(conversation, chonaikai_owner, "まだ聞こえますか")
        heard = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
        assert heard["body"] == "まだ聞こえますか"
        await database_sync_to_async(organization_suspend)(
            organization=npo, by=staff, reason="規約違反"
        )
        _received, code = await _read_until_closed(socket)
        assert code == 4403
    finally:
        await socket.close()
        await stop(server)


async def test_the_other_sides_socket_stays_open_when_an_organization_is_suspended(
    redis_url, client, conversation, npo, npo_editor, chonaikai_owner, staff
):
    server, socket = await _listen(client, chonaikai_owner, conversation, redis_url)
    try:
        await database_sync_to_async(organization_suspend)(
            organization=npo, by=staff, reason="規約違反"
        )
        await _post(conversation, chonaikai_owner, "記録として残します")
        heard = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
        assert heard["body"] == "記録として残します"
    finally:
        await socket.close()
        await stop(server)
