"""A transactional outbox for Celery tasks: a committed change never answers an error because
the broker was down, and its follow-up task is sent once the broker is back.

    outbox.send_on_commit(send_notification_email, notification.pk)

writes an OutboxMessage row inside the caller's transaction; after commit it tries to send at
once and deletes the row when the broker took the message. If the broker is unreachable the
row stays, the failure is logged once, and beat's `drain_outbox` (every minute) sends it.
Tasks sent this way must be idempotent: a crash between the send and the row's delete sends
the task twice.
"""

import logging
import threading

from celery import current_app
from django.db import transaction
from django.db.models import F
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .celery import task_named
from .models import OutboxMessage

logger = logging.getLogger("tsunagu.outbox")
BROKER_DOWN = (BrokerError, RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)

_state = {"down": False}
_lock = threading.Lock()


def send_on_commit(task, *args, **kwargs) -> OutboxMessage:
    """Queue `task(*args, **kwargs)` with the current transaction (JSON-serializable args).
    `task` is a task or its name ("events.tasks.notify_registrants"): a service need not import
    the tasks module that calls it back."""
    name = task if isinstance(task, str) else task.name
    row = OutboxMessage.objects.create(task=name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: deliver(ids=[row.pk]))
    return row


def deliver(*, ids: list[int] | None = None, limit: int = 500) -> int:
    """Send waiting rows in order; stop at the first broker failure. Returns how many went."""
    pending = OutboxMessage.objects.all()
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = 0
    eager = current_app.conf.task_always_eager
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        if eager:
            # Tasks run in process (development, tests): take the row, then run the task
            # outside the outbox's transaction, so that what the task records when it fails
            # (an import run marked failed, say) is not rolled back with the row.
            with transaction.atomic():
                row = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk)
                row = row.first()
                if row is None:
                    continue
                row.delete()
            task_named(row.task).delay(*row.args, **row.kwargs)
            sent += 1
            continue
        with transaction.atomic():
            row = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:  # another process is sending it
                continue
            try:
                task_named(row.task).delay(*row.args, **row.kwargs)
            except BROKER_DOWN as exc:
                OutboxMessage.objects.filter(pk=pk).update(
                    attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
                )
                _report(down=True, error=exc)
                return sent
            row.delete()
        sent += 1
    if sent:
        _report(down=False)
    return sent


def _report(*, down: bool, error: Exception | None = None) -> None:
    with _lock:
        changed = _state["down"] != down
        _state["down"] = down
    if changed and down:
        logger.error("Outbox: the broker is unreachable (%s); tasks wait in the outbox.", error)
    elif changed:
        logger.warning("Outbox: the broker is back; waiting tasks were sent.")
