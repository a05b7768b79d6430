"""A profile change reaches a real Celery worker through Redis, which refreshes the stored
suggestions in the database (the worker reads the test database)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from core.celery import app
from matching.models import Suggestion
from profiles.models import Organization
from profiles.signals import organization_changed
from tests.conftest import require_service
from tests.matching.conftest import listing

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]


def worker_database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    auth = f"{user}:{s['PASSWORD']}" if s.get("PASSWORD") else user
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def forget_routes() -> None:
    app.amqp._rtable = None
    app.amqp.__dict__.pop("router", None)


@pytest.fixture
def matching_worker(redis_url, monkeypatch, settings):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://…"
    )
    queue = f"test-matching-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings_test",
           "DATABASE_URL": worker_database_url()}  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "core", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning",
         "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "task_routes", {"matching.tasks.*": {"queue": queue}})
    # Celery prepares the routing table and router once per process: an earlier test that
    # published a task would otherwise send ours to its queue, where nobody listens.
    forget_routes()
    settings.MATCHING_REFRESH_DELAY = 0
    try:
        yield queue
    finally:
        forget_routes()  # rebuilt lazily from the restored configuration
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_a_real_worker_refreshes_suggestions_after_a_listing_change(
    vocabulary, directory, matching_worker
):
    company = directory["company"]
    listing(company, "offer", "successors", title="OB人材の紹介")
    organization_changed.send(sender=Organization, organization_id=company.pk, reason="listing")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if Suggestion.objects.filter(organization=directory["chonaikai"], partner=company).exists():
            break
        time.sleep(0.5)
    assert Suggestion.objects.filter(organization=directory["chonaikai"], partner=company).exists()
