"""A real Celery worker process, fed through Redis, sends an event reminder from the test
database (it connects to the same database as this transactional test)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from core.celery import app
from core.models import Notification
from events.services import registration_create
from events.tasks import send_due_reminders
from tests.conftest import require_service
from tests.events.conftest import make_event

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    settings = connection.settings_dict
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def worker_on_test_database(redis_url):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "the worker needs a shared database"
    )
    queue = f"test-events-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "core.settings_test",
        "DATABASE_URL": _database_url(),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "core", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning",
         "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_a_real_worker_sends_the_reminder(worker_on_test_database, outsider, monkeypatch):
    # The event starts within its 48-hour window now, so the worker (on real time) finds it due.
    event = make_event(days=1)
    registration_create(event=event, by=outsider)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    result = send_due_reminders.apply_async(queue=worker_on_test_database)
    assert result.get(timeout=90) == 1
    # The worker also mails it (the e-mail task stamps emailed_at once it is sent).
    deadline = time.monotonic() + 30
    sent = Notification.objects.filter(
        user=outsider, kind="event.reminder", emailed_at__isnull=False
    )
    while time.monotonic() < deadline and not sent.exists():
        time.sleep(0.2)
    reminder = Notification.objects.get(user=outsider, kind="event.reminder")
    assert event.title in reminder.title
    assert reminder.emailed_at is not None
    # Beat firing again (or a retry) sends nothing twice.
    again = send_due_reminders.apply_async(queue=worker_on_test_database)
    assert again.get(timeout=90) == 0
