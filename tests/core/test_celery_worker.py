"""A real Celery worker process executes a task sent through Redis."""

import uuid

import pytest

from core.celery import app
from core.tasks import ping
from tests.helpers import celery_worker, child_env


@pytest.fixture
def celery_worker_process(redis_url):
    with celery_worker(child_env(REDIS_URL=redis_url)) as queue:
        yield queue


@pytest.mark.services
def test_a_real_worker_runs_a_task_sent_through_redis(celery_worker_process, monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    token = f"pong-{uuid.uuid4().hex}"
    result = ping.apply_async(args=[token], queue=celery_worker_process)
    assert result.get(timeout=90) == token
    assert result.successful()
