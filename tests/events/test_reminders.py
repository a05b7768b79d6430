import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core.models import Notification
from events.services import registration_create, reminder_send_due
from events.tasks import send_due_reminders
from tests.helpers import make_event

pytestmark = pytest.mark.django_db


def test_a_registrant_is_reminded_48_hours_before_once(
    outsider, django_capture_on_commit_callbacks
):
    event = make_event(days=5)
    registration_create(event=event, by=outsider)
    with (
        time_machine.travel(event.starts_at - dt.timedelta(hours=47), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0  # beat runs again, a task retries: nothing twice
    reminders = Notification.objects.filter(user=outsider, kind="event.reminder")
    assert reminders.count() == 1
    assert len([m for m in mail.outbox if "まもなく開催" in m.subject]) == 1


def test_no_reminder_goes_out_earlier_than_the_window(outsider):
    event = make_event(days=5)
    registration_create(event=event, by=outsider)
    with time_machine.travel(event.starts_at - dt.timedelta(hours=49), tick=False):
        assert reminder_send_due() == 0
    assert not Notification.objects.filter(kind="event.reminder").exists()


def test_an_event_can_remind_a_week_ahead(outsider):
    event = make_event(days=10, reminder_hours=24 * 7)
    registration_create(event=event, by=outsider)
    with time_machine.travel(event.starts_at - dt.timedelta(days=6), tick=False):
        assert reminder_send_due() == 1


def test_the_waitlist_and_cancelled_registrations_get_no_reminder(outsider, npo, npo_editor):
    event = make_event(days=5, capacity=1)
    registration_create(event=event, by=outsider)
    registration_create(event=event, by=npo_editor, organization=npo)  # waitlisted
    with time_machine.travel(event.starts_at - dt.timedelta(hours=1), tick=False):
        assert reminder_send_due() == 1
    assert not Notification.objects.filter(user=npo_editor, kind="event.reminder").exists()


def test_a_cancelled_event_sends_no_reminder(outsider, staff):
    from events.services import event_cancel

    event = make_event(days=5)
    registration_create(event=event, by=outsider)
    event_cancel(event=event, by=staff)
    with time_machine.travel(event.starts_at - dt.timedelta(hours=1), tick=False):
        assert reminder_send_due() == 0


def test_a_moved_event_reminds_again_for_the_new_time(outsider, staff):
    from events.services import event_update

    event = make_event(days=5)
    registration_create(event=event, by=outsider)
    with time_machine.travel(event.starts_at - dt.timedelta(hours=1), tick=False):
        assert reminder_send_due() == 1
        later = timezone.now() + dt.timedelta(hours=5)
        event_update(event=event, by=staff, starts_at=later, ends_at=later + dt.timedelta(hours=1))
        assert reminder_send_due() == 1
