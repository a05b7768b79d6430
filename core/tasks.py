from celery import shared_task


@shared_task(name="core.tasks.ping", time_limit=30, soft_time_limit=25)
def ping(value: str = "pong") -> str:
    """Answers with its argument: used by /healthz-style checks and the worker test."""
    return value


@shared_task(name="core.tasks.heartbeat", time_limit=30, soft_time_limit=25)
def heartbeat() -> str:
    """Beat's own periodic task: shows in worker logs that beat and a worker are alive."""
    return "alive"
