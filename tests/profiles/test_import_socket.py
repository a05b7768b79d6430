"""An import run's WebSocket: staff only; says where the run stands on connect, then forwards
the progress the run pushes."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from core.asgi import application
from profiles.models import ImportJob

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1")


async def _communicator(client, user, job_id):
    headers = [ORIGIN]
    if user is not None:
        await database_sync_to_async(client.force_login)(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return WebsocketCommunicator(application, f"/ws/imports/{job_id}/", headers=headers)


@pytest.mark.parametrize(("role", "code"), [("anonymous", 4401), ("npo_editor", 4403)])
async def test_only_staff_may_watch_an_import_run(client, request, staff, role, code):
    job = await database_sync_to_async(ImportJob.objects.create)(created_by=staff)
    user = None
    if role != "anonymous":
        user = await database_sync_to_async(request.getfixturevalue)(role)
    communicator = await _communicator(client, user, job.pk)
    connected, close_code = await communicator.connect()
    assert not connected
    assert close_code == code


async def test_staff_see_where_the_run_stands_then_each_pushed_step(client, staff):
    from profiles.services.imports import import_job_push

    job = await database_sync_to_async(ImportJob.objects.create)(
        created_by=staff, status="running", phase="writing"
    )
    communicator = await _communicator(client, staff, job.pk)
    connected, _ = await communicator.connect()
    assert connected
    first = await communicator.receive_json_from(timeout=5)
    assert (first["status"], first["phase"], first["finished"]) == ("running", "writing", False)
    await database_sync_to_async(import_job_push)(job, done=500, total=2000)
    pushed = await communicator.receive_json_from(timeout=5)
    assert (pushed["done"], pushed["total"], pushed["percent"]) == (500, 2000, 25)
    assert pushed["phase_label"] == "書き込み中"
    await communicator.disconnect()
