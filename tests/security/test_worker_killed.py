"""A Celery worker killed in the middle of a task (SIGKILL: no clean-up, no acknowledgement)
leaves nothing half-written, and another worker runs the task again to the same end, once.

Real parts: two worker processes one after the other, Redis as the broker, PostgreSQL. The
first worker is caught mid-task deterministically: the test holds a lock on a row the import
updates after it has already inserted new organizations in its transaction; PostgreSQL shows
the worker waiting for that lock, and then it is killed."""

import signal
import time
import uuid

import psycopg
import pytest
from django.core.files.base import ContentFile

from core.celery import app
from core.models import AuditLog
from profiles.models import ImportJob, Organization
from profiles.tasks import run_import_job
from tests.conftest import require_service
from tests.factories import OrganizationFactory, tag
from tests.helpers import (
    child_env,
    database_url_for_children,
    start_celery_worker,
    stop_celery_worker,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

REGISTER = (
    "external_id,name,name_kana,kind,ward\n"
    "K-1,片平一丁目町内会（新）,カタヒラ,町内会,青葉区\n"
    "K-2,連坊小路町内会,レンボウコウジ,町内会,若林区\n"
)


def _until(condition, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout}s for {what}")


def _backend_waiting_for_a_lock(admin: psycopg.Connection, database: str):
    row = admin.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
        " AND query LIKE 'UPDATE \"profiles_organization\"%%'",
        [database],
    ).fetchone()
    return row[0] if row else None


def _backend_gone(admin: psycopg.Connection, pid: int) -> bool:
    return not admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()


@pytest.fixture
def worker_env(redis_url):
    database_url = database_url_for_children()
    require_service("PostgreSQL", database_url is not None, "set DATABASE_URL=postgres://…")
    # A short visibility timeout: the next worker takes back the dead worker's task at once
    # (production waits two hours, longer than any task runs).
    return database_url, child_env(
        DATABASE_URL=database_url, REDIS_URL=redis_url, CELERY_VISIBILITY_TIMEOUT="1"
    )


def test_a_worker_killed_mid_import_leaves_nothing_and_the_next_worker_finishes_it_once(
    worker_env, monkeypatch, staff
):
    database_url, env = worker_env
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    existing = OrganizationFactory(
        external_id="K-1", name="片平一丁目町内会", kind="neighborhood_association",
        ward=tag("area", "aoba"),
    )  # fmt: skip
    job = ImportJob.objects.create(
        created_by=staff, organizations_file=ContentFile(REGISTER.encode(), name="k.csv")
    )
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    workers = []
    try:
        with (
            psycopg.connect(database_url) as holder,
            psycopg.connect(database_url, autocommit=True) as admin,
        ):
            # Hold K-1: the worker inserts K-2, then waits here, inside its transaction.
            holder.execute(
                "SELECT id FROM profiles_organization WHERE id = %s FOR UPDATE", [existing.pk]
            )
            workers.append(start_celery_worker(queue, env))
            run_import_job.apply_async(args=[job.pk], queue=queue)
            database = admin.info.dbname
            pid = _until(lambda: _backend_waiting_for_a_lock(admin, database), "the worker to wait")
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait(timeout=20)
            holder.rollback()
            # The dead worker's session notices its client is gone and rolls back.
            _until(lambda: _backend_gone(admin, pid), "the dead worker's session to end")

        assert not Organization.objects.filter(external_id="K-2").exists()
        existing.refresh_from_db()
        assert existing.name == "片平一丁目町内会"
        job.refresh_from_db()
        assert job.status == ImportJob.Status.RUNNING

        workers.append(start_celery_worker(queue, env))

        def finished():
            job.refresh_from_db()
            return job.status == ImportJob.Status.DONE

        _until(finished, "the next worker to finish the import")
    finally:
        for worker in workers:
            if worker.poll() is None:
                stop_celery_worker(worker)

    assert Organization.objects.filter(external_id="K-2").count() == 1
    existing.refresh_from_db()
    assert existing.name == "片平一丁目町内会（新）"
    assert AuditLog.objects.filter(action="directory.import").count() == 1
    assert (job.summary["organizations"]["create"], job.summary["organizations"]["update"]) == (
        1,
        1,
    )
