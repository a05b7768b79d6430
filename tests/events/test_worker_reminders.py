"""A real Celery worker process, fed through Redis, sends an event reminder from the test
database (it connects to the same database as this transactional test)."""

import time

import pytest

from core.celery import app
from core.models import Notification
from events.services import registration_create
from events.tasks import send_due_reminders
from tests.helpers import make_event

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_reminder(worker_queue, outsider, monkeypatch):
    # The event starts within its 48-hour window now, so the worker (on real time) finds it due.
    event = make_event(days=1)
    registration_create(event=event, by=outsider)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    result = send_due_reminders.apply_async(queue=worker_queue)
    assert result.get(timeout=90) == 1
    # The worker also mails it (the e-mail task stamps emailed_at once it is sent).
    deadline = time.monotonic() + 30
    sent = Notification.objects.filter(
        user=outsider, kind="event.reminder", emailed_at__isnull=False
    )
    while time.monotonic() < deadline and not sent.exists():
        time.sleep(0.2)
    reminder = Notification.objects.get(user=outsider, kind="event.reminder")
    assert event.title in reminder.title
    assert reminder.emailed_at is not None
    # Beat firing again (or a retry) sends nothing twice.
    again = send_due_reminders.apply_async(queue=worker_queue)
    assert again.get(timeout=90) == 0
