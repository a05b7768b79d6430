"""An upload whose run stops on an unexpected error ends as failed, with the reason: the staff
page never shows it "running" for ever (the web process saved the register where the worker
could not read it, in the compose shape before the shared media volume)."""

import pytest
from django.core.files.base import ContentFile

from profiles.models import ImportJob
from profiles.tasks import run_import_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    data = "external_id,name,name_kana,kind,ward\nW-1,連坊町内会,レンボウ,町内会,若林区\n"
    return ImportJob.objects.create(
        created_by=staff, organizations_file=ContentFile(data.encode(), name="w.csv")
    )


def test_a_register_the_worker_cannot_read_ends_the_job_as_failed_with_why(job):
    job.organizations_file.storage.delete(job.organizations_file.name)  # not on this machine
    with pytest.raises(FileNotFoundError):
        run_import_job.apply(args=[job.pk], throw=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "FileNotFoundError" in job.report
    assert "予期しないエラー" in job.report
    assert job.finished_at is not None


def test_a_database_error_mid_run_ends_the_job_as_failed(job, monkeypatch):
    from django.db import OperationalError

    from profiles import services

    def broken(**kwargs):
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(services, "directory_import", broken)
    with pytest.raises(OperationalError):
        run_import_job.apply(args=[job.pk], throw=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "the server closed the connection" in job.report


def test_a_finished_job_keeps_its_own_report(job):
    from profiles import services

    run_import_job.apply(args=[job.pk], throw=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    report = job.report
    services.import_job_fail(job_id=job.pk, error=RuntimeError("late"))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.report == report
