import pytest
from django.core import mail

from core.models import Notification
from core.notifications import mark_read, notify, unread_count
from core.tasks import send_notification_email


@pytest.mark.django_db(transaction=True)
def test_notify_records_and_mails_once(outsider):
    first = notify(
        user=outsider, kind="test", title="お知らせ", body="本文", url="/x/", dedupe_key="k1"
    )
    again = notify(user=outsider, kind="test", title="お知らせ", body="本文", dedupe_key="k1")
    assert first is not None
    assert again is None
    assert Notification.objects.filter(user=outsider).count() == 1
    assert len(mail.outbox) == 1
    assert "http://127.0.0.1:8000/x/" in mail.outbox[0].body
    # A retried task finds the notification already sent.
    assert send_notification_email(first.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_mark_read_clears_the_unread_count(outsider, staff):
    notify(user=outsider, kind="test", title="a", email=False)
    notify(user=outsider, kind="test", title="b", email=False)
    notify(user=staff, kind="test", title="c", email=False)
    assert unread_count(outsider) == 2
    assert mark_read(user=outsider) == 2
    assert unread_count(outsider) == 0
    assert unread_count(staff) == 1
