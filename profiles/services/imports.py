"""The support center's register: writing an import plan in one transaction
(`directory_import`, also the command line's), and the import runs of the staff upload page
(upload, preview in a worker, confirm or cancel, run, give up on abandoned runs)."""

import contextlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from core.audit import audit_record
from core.errors import ApplicationError

from ..models import ImportJob, Organization, User
from ..selectors import IMPORT_PROGRESS_KEY
from ._common import require_staff


def directory_import(
    *, plan, by: User | None, close_missing: bool = False, progress=None, phase=None, run=None
):
    """Write an import plan (importer.plan_import): all of it, or — if anything fails or the
    run is stopped between batches — none of it (one transaction). by=None is the operator's
    command line. The matcher hears once, after commit: one refresh for every organization
    whose profile or listings changed, one batch of reverse alerts for the new listings."""
    from ..import_writer import write_plan
    from ..signals import directory_imported

    if by is not None:
        require_staff(by, "profiles.import_directory")
    with transaction.atomic():
        result = write_plan(plan, by=by, close_missing=close_missing, progress=progress)
        if by is not None:
            audit_record(
                actor=by, action="directory.import", target=run or by,
                after={"organizations": result.organizations, "listings": result.listings},
            )  # fmt: skip
        changed, published = sorted(result.changed_organization_ids), result.published_listing_ids
        created = result.created_organization_ids
        if changed or published:

            def announce():
                if phase:
                    phase("refreshing")
                directory_imported.send(
                    sender=Organization,
                    organization_ids=changed,
                    listing_ids=published,
                    created_organization_ids=created,
                )

            transaction.on_commit(announce)
    return result


# --- import runs (the staff upload page) ------------------------------------------------------


def import_job_push(job: ImportJob, *, done: int | None = None, total: int | None = None) -> None:
    """Where the run stands, for the page: kept in the cache (while the run writes, its rows
    are inside one uncommitted transaction, so the database cannot say) and pushed to the run's
    WebSocket group. Best effort: a display that cannot be updated never stops the import."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer
    from django.core.cache import cache

    from ..consumers import import_run_group
    from ..selectors import import_job_progress

    if done is not None:
        job.processed, job.total = done, total or 0
        cache.set(IMPORT_PROGRESS_KEY.format(job.pk), (done, total), timeout=3600)
    payload = import_job_progress(job)
    # Redis away: the page still finds the run by reloading.
    with contextlib.suppress(Exception):
        async_to_sync(get_channel_layer().group_send)(
            import_run_group(job.pk), {"type": "import.progress", "payload": payload}
        )


def _job_set(job: ImportJob, **changes) -> None:
    for name, value in changes.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**changes)
    import_job_push(job)


def _job_files(job: ImportJob):
    orgs = (job.organizations_file.read(), job.organizations_file.name)
    listings = (job.listings_file.read(), job.listings_file.name) if job.listings_file else None
    return orgs, listings


def _job_discard_files(job: ImportJob) -> None:
    """The uploaded register holds contact details: it is kept only until the run ends."""
    for upload in (job.organizations_file, job.listings_file):
        if upload:
            upload.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(organizations_file="", listings_file="")


def _job_fail(job: ImportJob, messages: list[dict]) -> None:
    _job_discard_files(job)
    _job_set(job, status=ImportJob.Status.FAILED, phase="", error=messages,
             finished_at=timezone.now())  # fmt: skip


def import_job_create(*, by: User, organizations, listings=None) -> ImportJob:
    """Keep the uploaded files and check them in a worker (the preview)."""
    require_staff(by, "profiles.import_directory")
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=by, organizations_file=organizations, listings_file=listings or ""
        )
        # Through the outbox: a broker that is down delays the check, it never loses it.
        outbox.send_on_commit("profiles.tasks.preview_import_job", job.pk)
    return job


def import_job_preview(*, job_id: int) -> ImportJob:
    """Check the files and work out what would change; write nothing but the preview."""
    from ..importer import ImportFileError, plan_import

    job = ImportJob.objects.get(pk=job_id)
    _job_set(job, status=ImportJob.Status.RUNNING, phase=ImportJob.Phase.VALIDATING)
    try:
        orgs, listings = _job_files(job)
        plan = plan_import(organizations=orgs, listings=listings)
    except ImportFileError as exc:
        _job_fail(job, exc.messages)
        return job
    except Exception as exc:
        _job_fail(job, _unexpected(exc))
        raise
    _job_set(job, status=ImportJob.Status.PREVIEW, phase="", preview=plan.preview(),
             total=plan.rows_to_write)  # fmt: skip
    return job


def _unexpected(exc: Exception) -> list[dict]:
    from django.utils.translation import gettext_noop

    from ..importer import bilingual

    reason = f"{type(exc).__name__}: {exc}"[:300]
    return [
        bilingual(gettext_noop("取り込みが途中で止まりました。何も変更されていません（%(reason)s）"),
                  reason=reason)
    ]  # fmt: skip


def _job_awaiting_confirmation(job: ImportJob) -> ImportJob:
    """The job, locked, if it still waits for the staff member's go-ahead after its preview."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEW:
        raise ApplicationError(_("この取り込みはもう確認を待っていません"), code="not_waiting")
    return job


def import_job_confirm(*, job: ImportJob, by: User, close_missing: bool = False) -> ImportJob:
    """The staff member saw the preview and goes ahead: queue the run."""
    require_staff(by, "profiles.import_directory")
    with transaction.atomic():
        job = _job_awaiting_confirmation(job)
        _job_set(job, status=ImportJob.Status.QUEUED, close_missing=close_missing)
        outbox.send_on_commit("profiles.tasks.run_import_job", job.pk)
    return job


# A run still queued or running this long after its upload has lost its worker or its message
# (the run's hard time limit is 30 minutes, and a redelivered run starts within the hour).
ABANDONED_AFTER = timedelta(hours=2)


def import_jobs_fail_abandoned(*, now=None) -> int:
    """End as failed, with the reason, every run that can no longer finish; its one
    transaction never committed, so nothing was written. Returns how many (beat, every 15
    minutes)."""
    from django.utils.translation import gettext_noop

    from ..importer import bilingual

    now = now or timezone.now()
    reason = [
        bilingual(gettext_noop(
            "取り込みが終わらないまま止まりました（作業プロセスが止まったか、実行の依頼が"
            "届きませんでした）。何も変更されていません。もう一度アップロードしてください。"
        ))
    ]  # fmt: skip
    failed = 0
    stuck = ImportJob.objects.filter(
        status__in=ImportJob.WORKING, created_at__lt=now - ABANDONED_AFTER
    )
    for pk in stuck.values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=pk).first()
            if job is None or job.status not in ImportJob.WORKING:
                continue
            _job_fail(job, reason)
            failed += 1
    return failed


def import_job_cancel(*, job: ImportJob, by: User) -> ImportJob:
    require_staff(by, "profiles.import_directory")
    with transaction.atomic():
        job = _job_awaiting_confirmation(job)
        _job_discard_files(job)
        _job_set(job, status=ImportJob.Status.CANCELLED, finished_at=timezone.now())
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """The confirmed run (a Celery task): check the files again (the directory may have moved
    since the preview), write everything in one transaction, refresh the matcher. Any failure
    ends the run as failed with its reason, and the old data stays."""
    from ..importer import ImportFileError, plan_import

    job = ImportJob.objects.get(pk=job_id)
    if job.status not in ImportJob.WORKING:
        return job  # already finished (a redelivered task)
    _job_set(job, status=ImportJob.Status.RUNNING, phase=ImportJob.Phase.VALIDATING, error=None)
    try:
        orgs, listings = _job_files(job)
        plan = plan_import(organizations=orgs, listings=listings)
        _job_set(job, phase=ImportJob.Phase.WRITING)
        result = directory_import(
            plan=plan, by=job.created_by, close_missing=job.close_missing, run=job,
            progress=lambda done, total: import_job_push(job, done=done, total=total),
            phase=lambda name: _job_set(job, phase=name),
        )  # fmt: skip
    except ImportFileError as exc:
        _job_fail(job, exc.messages)
        return job
    except Exception as exc:
        _job_fail(job, _unexpected(exc))
        raise
    no_changes = plan.changes_nothing and not (job.close_missing and plan.missing_listings)
    _job_discard_files(job)
    _job_set(job, status=ImportJob.Status.DONE, phase="", finished_at=timezone.now(),
             summary={**plan.preview(), "organizations": result.organizations,
                      "listings": result.listings or None, "no_changes": no_changes},
             processed=plan.rows_to_write, total=plan.rows_to_write)  # fmt: skip
    return job
