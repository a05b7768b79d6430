"""The register upload runs as a Celery task: a real worker, through Redis, on PostgreSQL."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from core.celery import app
from profiles.models import ImportJob, Organization
from profiles.tasks import run_import_job
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_on_test_database(redis_url):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://…"
    )
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "core.settings_test", "DATABASE_URL": url}
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
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_an_uploaded_register(worker_on_test_database, monkeypatch):
    from tests.factories import UserFactory

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    staff = UserFactory(is_staff=True)
    data = "external_id,name,name_kana,kind,ward\nW-1,連坊町内会,レンボウ,町内会,若林区\n"
    job = ImportJob.objects.create(
        created_by=staff, organizations_file=ContentFile(data.encode("cp932"), name="w.csv")
    )
    result = run_import_job.apply_async(args=[job.pk], queue=worker_on_test_database)
    result.get(timeout=90)
    job.refresh_from_db()
    assert job.status == "done"
    assert job.percent == 100
    assert Organization.objects.get(external_id="W-1").ward.slug == "wakabayashi"
