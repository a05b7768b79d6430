"""Helpers the tests share, one home each: API clients, signing in a browser, events, and child
processes (the test database's URL for them, a real Celery worker). Fixtures stay in the
conftest files; these are plain functions to import."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "pw-tsunagu-2026"  # every UserFactory person's password


# --- API and browser --------------------------------------------------------------------------


def client_for(user=None):
    """An API client acting as `user` (anonymous for None or an AnonymousUser)."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None and user.is_authenticated:
        client.force_authenticate(user)
    return client


def log_in(page, live_server, user) -> None:
    """Sign a browser in as a person does: the login page, e-mail and password."""
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def sign_in(context, base_url: str, user, *, language: str | None = None, fresh=False) -> None:
    """Sign a browser context in without the login page (a session cookie), and choose the
    page language if given. fresh: forget the cookies of whoever was signed in before."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    if fresh:
        context.clear_cookies()
    name = settings.SESSION_COOKIE_NAME
    cookies = [{"name": name, "value": client.cookies[name].value, "url": base_url}]
    if language:
        cookies.append({"name": "django_language", "value": language, "url": base_url})
    context.add_cookies(cookies)


# --- Events -----------------------------------------------------------------------------------


def make_event(*, organizer_org=None, status="published", days=10, **fields):
    """An event row for tests that are not about creating events (those call the service, or
    publish_event)."""
    from django.utils import timezone

    from events.models import Event
    from tests.factories import tag

    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    values = {
        "title": "地域活動団体交流会",
        "kind": "exchange",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "venue_name": "仙台市市民活動サポートセンター",
        "address": "仙台市青葉区一番町四丁目1-3",
        "ward": tag("area", "aoba"),
        "capacity": 30,
        "contact": "仙台市市民活動サポートセンター",
        **fields,
    }
    return Event.objects.create(organizer_org=organizer_org, status=status, **values)


def publish_event(
    by, *resources, organization=None, starts_at=None, days=10, created=None, ward="aoba",
    tags_=(), **fields,
):  # fmt: skip
    """A published event made through the events services, as the support center (staff) or an
    organization (then published by a staff reviewer) would. `resources`: resource tag slugs.
    It starts at `starts_at`, or `days` from now; it is made (and opens for registration) at
    `created`, by default a week before a given `starts_at`, else now."""
    import time_machine
    from django.utils import timezone

    from events import services as events
    from tests.factories import UserFactory, tag, tags

    if starts_at is None:
        starts_at = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    elif created is None:
        created = starts_at - dt.timedelta(days=7)
    title = f"交流会（{'・'.join(resources)}）" if resources else "地域活動団体交流会"
    values = {
        "title": title,
        "kind": "exchange",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=2),
        "venue_name": "仙台市市民活動サポートセンター",
        "ward": tag("area", ward),
        "capacity": 30,
        **fields,
    }
    clock = time_machine.travel(created, tick=False) if created else contextlib.nullcontext()
    with clock:
        event = events.event_create(
            by=by, organization=organization, tags=tags("resource", *resources) + list(tags_),
            **values,
        )  # fmt: skip
        events.event_submit(event=event, by=by)
        if organization is not None:
            events.event_publish(event=event, by=UserFactory(is_staff=True))
    event.refresh_from_db()
    return event


# --- Child processes: the test database, a real Celery worker ---------------------------------


def database_url_for_children() -> str | None:
    """The URL of the database the tests run on, for child processes (PostgreSQL only:
    an in-memory SQLite test database cannot be shared with another process)."""
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"] != "django.db.backends.postgresql":
        return None
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def child_env(**extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings_test", **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def start_celery_worker(queue: str, env: dict) -> subprocess.Popen:
    """A real worker process (solo pool) listening on `queue` only. Its output is dropped (a
    pipe nobody reads would stop it once full)."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "core", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning",
         "-n", f"{queue}-{uuid.uuid4().hex[:4]}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def stop_celery_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


@contextlib.contextmanager
def celery_worker(env: dict, *, name: str = "test"):
    """A real worker on a queue of its own for the duration; yields the queue's name. Send
    tasks with apply_async(queue=…) and task_always_eager set to False."""
    queue = f"{name}-{uuid.uuid4().hex[:8]}"
    worker = start_celery_worker(queue, env)
    try:
        yield queue
    finally:
        stop_celery_worker(worker)


@contextlib.contextmanager
def celery_worker_on_test_database(redis_url: str, *, name: str = "test", **env):
    """A real worker, through Redis, on this test's PostgreSQL database (skips, or fails under
    CI, without PostgreSQL)."""
    from tests.conftest import require_service

    database_url = database_url_for_children()
    require_service("PostgreSQL", database_url is not None, "set DATABASE_URL=postgres://…")
    with celery_worker(
        child_env(DATABASE_URL=database_url, REDIS_URL=redis_url, **env), name=name
    ) as queue:
        yield queue
