"""A real Celery worker process executes a task sent through Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from core.celery import app
from core.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker_process(redis_url):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings_test"}
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


@pytest.mark.services
def test_a_real_worker_runs_a_task_sent_through_redis(celery_worker_process, monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    token = f"pong-{uuid.uuid4().hex}"
    result = ping.apply_async(args=[token], queue=celery_worker_process)
    assert result.get(timeout=90) == token
    assert result.successful()
