"""The register upload runs as a Celery task: a real worker, through Redis, on PostgreSQL."""

import pytest
from django.core.files.base import ContentFile

from core.celery import app
from profiles.models import ImportJob, Organization
from profiles.tasks import run_import_job


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_an_uploaded_register(worker_queue, monkeypatch):
    from tests.factories import UserFactory

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    staff = UserFactory(is_staff=True)
    data = "external_id,name,name_kana,kind,ward\nW-1,連坊町内会,レンボウ,町内会,若林区\n"
    job = ImportJob.objects.create(
        created_by=staff, organizations_file=ContentFile(data.encode("cp932"), name="w.csv")
    )
    result = run_import_job.apply_async(args=[job.pk], queue=worker_queue)
    result.get(timeout=90)
    job.refresh_from_db()
    assert job.status == "done"
    assert job.percent == 100
    assert Organization.objects.get(external_id="W-1").ward.slug == "wakabayashi"
