"""An import run that lost its worker or its message ends as failed with its reason, and a
broker that is down when the staff member uploads or confirms delays the run, never loses it."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import OutboxMessage
from profiles.models import ImportJob, Organization
from profiles.services.imports import import_jobs_fail_abandoned

pytestmark = pytest.mark.django_db

ORGS = (
    "external_id,name,name_kana,kind,ward,description\n"
    "P-1,北山町内会,キタヤマチョウナイカイ,町内会,青葉区,防災訓練\n"
).encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _job(staff, status, age):
    job = ImportJob.objects.create(
        created_by=staff,
        organizations_file=SimpleUploadedFile("o.csv", ORGS),
        status=status,
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - age)
    return job


def test_a_run_stuck_for_hours_is_ended_as_failed_with_the_reason(staff, media):
    stuck_running = _job(staff, ImportJob.Status.RUNNING, timedelta(hours=3))
    stuck_queued = _job(staff, ImportJob.Status.QUEUED, timedelta(hours=3))
    recent = _job(staff, ImportJob.Status.RUNNING, timedelta(minutes=20))
    waiting = _job(staff, ImportJob.Status.PREVIEW, timedelta(hours=3))

    assert import_jobs_fail_abandoned() == 2

    for job in (stuck_running, stuck_queued):
        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED
        assert job.finished_at is not None
        assert "何も変更されていません" in job.error[0]["ja"]
        assert "Nothing was changed" in job.error[0]["en"]
        assert job.organizations_file == ""  # the uploaded file is not kept
    recent.refresh_from_db()
    waiting.refresh_from_db()
    assert recent.status == ImportJob.Status.RUNNING  # may still be working
    assert waiting.status == ImportJob.Status.PREVIEW  # waits for the staff member, not a worker
    assert import_jobs_fail_abandoned() == 0  # once


def test_the_failed_run_page_says_what_happened(client, staff, media):
    job = _job(staff, ImportJob.Status.RUNNING, timedelta(hours=3))
    import_jobs_fail_abandoned()
    client.force_login(staff)
    page = client.get(f"/staff/import/{job.pk}/").content.decode()
    assert "取り込みが終わらないまま止まりました" in page


def test_an_upload_while_the_broker_is_down_waits_in_the_outbox_and_runs_when_it_is_back(
    client, staff, media, monkeypatch, django_capture_on_commit_callbacks
):
    from celery import current_app
    from kombu.exceptions import OperationalError

    from core import outbox

    client.force_login(staff)
    from profiles.tasks import preview_import_job as task

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(task, "delay", refuse)
    current_app.conf.task_always_eager = False  # a real broker, which is down
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/staff/import/", {"organizations": SimpleUploadedFile("o.csv", ORGS)}
            )
    finally:
        current_app.conf.task_always_eager = True
    assert response.status_code in (200, 302)  # the upload is taken, not a server error
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED
    assert OutboxMessage.objects.filter(task="profiles.tasks.preview_import_job").exists()

    monkeypatch.undo()  # the broker is back (and tasks run in process again)
    assert outbox.deliver() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW
    assert job.preview["organizations"]["create"] == 1
    assert not Organization.objects.exists()  # a preview writes nothing
