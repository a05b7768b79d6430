"""Celery tasks: thin interfaces that call services."""

from celery import shared_task

from .services.imports import import_job_preview, import_job_run, import_jobs_fail_abandoned
from .services.listings import listings_expire
from .services.organizations import organizations_flag_stale


@shared_task(time_limit=600, soft_time_limit=540)
def expire_listings() -> int:
    """Close listings past their until-date (daily)."""
    return listings_expire()


@shared_task(time_limit=600, soft_time_limit=540)
def flag_stale_profiles() -> int:
    """Ask owners of profiles unconfirmed for 12 months to confirm them (daily)."""
    return organizations_flag_stale()


@shared_task(time_limit=600, soft_time_limit=540)
def preview_import_job(job_id: int) -> None:
    """Check an uploaded register and keep what would change (nothing is written)."""
    import_job_preview(job_id=job_id)


# acks_late + reject_on_worker_lost: a worker killed mid-run rolls its one transaction back
# and the run is delivered again; importing is idempotent, so it resumes to the same result.
@shared_task(time_limit=1800, soft_time_limit=1700, acks_late=True, reject_on_worker_lost=True)
def run_import_job(job_id: int) -> None:
    import_job_run(job_id=job_id)


@shared_task(time_limit=300, soft_time_limit=270)
def fail_abandoned_imports() -> int:
    """End as failed the import runs that lost their worker or their message (every 15 min)."""
    return import_jobs_fail_abandoned()
