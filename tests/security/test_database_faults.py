"""PostgreSQL faults seen from the production server (Daphne, the connection pool):

- every connection dropped at once (what a database restart or a failover does to a running
  server; simulated with pg_terminate_backend, the shared server keeps running): the next
  request succeeds, on a fresh connection;
- the database unreachable: /healthz answers 503 and names the database as the part that is
  down, instead of an error page that names nothing."""

import asyncio
import json
import urllib.error
import urllib.request
import uuid

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.helpers import ROOT, celery_worker_on_test_database, child_env, database_url_for_children
from tests.introductions.servers import daphne_command, start_daphne, stop, wait_until_serving

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _port() -> int:
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw9")
    return 8180 + int(worker.removeprefix("gw") or 0) % 10


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


SERVER_APP_NAME = "tsunagu-fault-test-server"


def _drop_the_servers_connections() -> int:
    """Terminate every session the server holds (libpq names them by PGAPPNAME)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            [SERVER_APP_NAME],
        )
        return cursor.fetchone()[0]


async def test_the_next_request_succeeds_after_every_database_connection_was_dropped(
    redis_url, chonaikai
):
    database_url = database_url_for_children()
    require_service("PostgreSQL", database_url is not None, "set DATABASE_URL=postgres://…")
    port = _port()
    env = child_env(DATABASE_URL=database_url, REDIS_URL=redis_url, PGAPPNAME=SERVER_APP_NAME)
    server = await start_daphne(port, env)
    base = f"http://127.0.0.1:{port}"
    try:
        # A fresh query string each time: the answer comes from the database, not a cache.
        status, _ = await asyncio.to_thread(_get, f"{base}/api/v1/organizations/?q={uuid.uuid4()}")
        assert status == 200
        dropped = await asyncio.to_thread(_drop_the_servers_connections)
        assert dropped >= 1  # the server's pooled connections
        for _attempt in range(3):
            url = f"{base}/api/v1/organizations/?q={uuid.uuid4()}"
            status, body = await asyncio.to_thread(_get, url)
            assert status == 200, body[:500]
        status, body = await asyncio.to_thread(_get, f"{base}/healthz")
        assert json.loads(body)["checks"]["database"]["status"] == "up"
    finally:
        await stop(server)


async def test_healthz_names_the_database_when_it_is_unreachable(redis_url):
    port = _port()
    # Nothing listens on port 9 (discard): every connection attempt is refused at once.
    unreachable = "postgres://postgres@127.0.0.1:9/tsunagu"
    process = await asyncio.create_subprocess_exec(
        *daphne_command(port), cwd=ROOT,
        env=child_env(DATABASE_URL=unreachable, REDIS_URL=redis_url),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        # The server is up when /healthz answers at all (within 10 s, whatever is down).
        await wait_until_serving(port)
        status, body = await asyncio.to_thread(_get, f"http://127.0.0.1:{port}/healthz")
        assert status == 503
        report = json.loads(body)
        assert report["status"] == "unavailable"
        assert report["checks"]["database"]["status"] == "down"
        assert report["checks"]["cache"]["status"] == "up"
    finally:
        await stop(process)


def test_a_worker_runs_its_next_task_after_its_database_connections_were_dropped(
    redis_url, monkeypatch, npo_editor
):
    from core.celery import app
    from core.models import Notification
    from core.tasks import send_notification_email

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    with celery_worker_on_test_database(
        redis_url, name="test-db-drop", PGAPPNAME=SERVER_APP_NAME
    ) as queue:
        first, second = (
            Notification.objects.create(user=npo_editor, kind="test", title=title)
            for title in ("一通目", "二通目")
        )
        assert send_notification_email.apply_async([first.pk], queue=queue).get(timeout=90)
        assert _drop_the_servers_connections() >= 1
        assert send_notification_email.apply_async([second.pk], queue=queue).get(timeout=90)
        assert Notification.objects.get(pk=second.pk).emailed_at is not None
