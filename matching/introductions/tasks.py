from celery import shared_task


@shared_task(
    name="introductions.tasks.remind_and_expire",
    time_limit=600,
    soft_time_limit=570,
)
def remind_and_expire() -> dict:
    """Daily: remind once about introductions unanswered for 14 days; expire them at 30."""
    from .services import introductions_remind_and_expire

    return introductions_remind_and_expire()
