"""The production server, started exactly as the README says (`bin/serve`, DEBUG=0, the real
settings), on PostgreSQL and Redis: main pages, a static file, an uploaded logo and a live
WebSocket answer; a burst of concurrent requests holds a bounded number of database
connections (each process's pool), whatever the number of request threads.

The port comes from SMOKE_PORT (a free one if unset)."""

import io
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.conftest import require_service
from tests.helpers import ROOT, database_url_for_children
from tests.introductions.servers import free_port

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WORKERS = 2
POOL_MAX = 3
SERVER_APP = "tsunagu-smoke-server"  # the server's connections name themselves (PGAPPNAME)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def server(redis_url, tmp_path):
    database_url = database_url_for_children()
    require_service("PostgreSQL", database_url is not None, "set DATABASE_URL=postgres://…")
    port = int(os.environ.get("SMOKE_PORT") or free_port())
    media = tmp_path / "media"
    media.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DEBUG="0", DATABASE_URL=database_url, REDIS_URL=redis_url, HOST="127.0.0.1",
        PORT=str(port), WEB_WORKERS=str(WORKERS), DB_POOL_MAX_SIZE=str(POOL_MAX),
        DB_POOL_MIN_SIZE="1", STATIC_ROOT=str(tmp_path / "static"), MEDIA_ROOT=str(media),
        SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0",
        API_ANON_RATE="100000/min", PGAPPNAME=SERVER_APP,
    )  # fmt: skip
    log = open(tmp_path / "server.log", "w+")  # noqa: SIM115 (read back on failure)
    proc = subprocess.Popen(
        [str(ROOT / "bin" / "serve")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"bin/serve exited with {proc.returncode}:\n{log.read()[-3000:]}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("bin/serve did not answer /healthz within 180 s")
            time.sleep(0.5)
        yield {"base": base, "port": port, "media": media, "proc": proc, "log": log}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        shutil.rmtree(tmp_path / "static", ignore_errors=True)


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


@pytest.fixture
def published(staff, settings, server):
    from profiles.services.organizations import organization_create
    from tests.factories import tag

    settings.MEDIA_ROOT = str(server["media"])
    return organization_create(
        by=staff, publish=True, kind="npo", name="若林こども食堂",
        name_kana="ワカバヤシコドモショクドウ", ward=tag("area", "wakabayashi"),
        description="地域の子供たちに温かい夕食を。",
        logo=SimpleUploadedFile("logo.png", _png(), "image/png"),
    )  # fmt: skip


def test_the_readme_server_serves_pages_static_files_logos_and_websockets(
    server, published, chonaikai_owner, client
):
    from core.notifications import notify

    base = server["base"]
    for path in ["/", "/directory/", "/directory/?q=" + quote("こども"), "/events/",
                 f"/organizations/{published.pk}/", "/api/v1/organizations/"]:  # fmt: skip
        status, _, body = _get(base + path, {"Accept-Language": "ja"})
        assert status == 200, path
    assert "若林こども食堂" in _get(base + "/directory/?q=" + quote("しょくどう"))[2].decode()

    # A static file, by the hashed name the page links to (collectstatic ran in bin/serve).
    home = _get(base + "/")[2].decode()
    css = re.search(r'href="(/static/frontend/site\.[0-9a-f]{12}\.css)"', home)
    assert css, "the page links the stylesheet by its hashed name"
    status, headers, body = _get(base + css.group(1))
    assert status == 200
    assert b"{" in body
    assert "max-age" in headers["Cache-Control"]

    # The uploaded logo, served with an image type, nosniff and a cache lifetime.
    page = _get(base + f"/organizations/{published.pk}/")[2].decode()
    logo = re.search(r'<img class="org-logo" src="([^"]+)"', page)
    assert logo
    assert logo.group(1).startswith("/media/logos/")
    status, headers, body = _get(base + logo.group(1))
    assert status == 200
    assert body == published.logo.read()
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in headers["Cache-Control"]

    # A live WebSocket: the person's notification badge arrives through the Redis layer.
    from websockets.sync.client import connect

    client.force_login(chonaikai_owner)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    with connect(
        f"ws://127.0.0.1:{server['port']}/ws/notifications/",
        origin=base, additional_headers={"Cookie": cookie}, open_timeout=20,
    ) as websocket:  # fmt: skip
        notify(user=chonaikai_owner, kind="introduction.requested", title="テスト", email=False)
        message = json.loads(websocket.recv(timeout=20))
    assert message == {"kind": "unread", "unread": 1}


def test_private_uploads_and_paths_outside_media_are_not_served(server, published):
    (server["media"] / "imports").mkdir()
    (server["media"] / "imports" / "register.csv").write_text("external_id,name\n")
    for path in ["/media/imports/register.csv", "/media/logos/../imports/register.csv",
                 "/media/logos/missing.png"]:  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            _get(server["base"] + path)
        assert refused.value.code == 404, path


def _status(base: str, path: str, n: int) -> int:
    """A distinct URL each time: every request reads the database (no cached copy)."""
    try:
        return _get(f"{base}{path}{'&' if '?' in path else '?'}n={n}")[0]
    except urllib.error.HTTPError as error:
        return error.code


def _server_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [SERVER_APP]
        )
        return cursor.fetchone()[0]


def test_a_burst_of_64_concurrent_requests_holds_at_most_one_pool_per_process(server, published):
    paths = ["/directory/?q=" + quote("こども"), f"/organizations/{published.pk}/",
             "/api/v1/organizations/", "/events/"]  # fmt: skip
    peak, stop = [0], threading.Event()

    def sample():
        from django.db import connections

        try:
            while not stop.is_set():
                peak[0] = max(peak[0], _server_connections())
                time.sleep(0.05)
        finally:
            connections.close_all()

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        with ThreadPoolExecutor(max_workers=64) as pool:
            statuses = list(pool.map(lambda i: _status(server["base"], paths[i % 4], i),
                                     range(64 * 4)))  # fmt: skip
    finally:
        stop.set()
        sampler.join()
    server["log"].seek(0)
    assert statuses == [200] * len(statuses), server["log"].read()[-3000:]
    assert 0 < peak[0] <= WORKERS * POOL_MAX
    assert _server_connections() <= WORKERS * POOL_MAX
