"""The weekly digest: once per person per week, skipped when empty, queued in chunks."""

import pytest
from django.core import mail

from core import digest, tasks
from core.models import DigestDelivery, Notification
from core.notifications import notify, preference_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_with_digest_items_gets_one_mail(outsider):
    preference_set(user=outsider, kind="event.reminder", delivery="digest")
    notify(user=outsider, kind="event.reminder", title="交流会のお知らせ")
    assert digest.digest_send(user_id=outsider.pk) is True
    assert "交流会のお知らせ" in mail.outbox[0].body
    assert not Notification.objects.get(user=outsider).digest_pending


def test_the_digest_is_not_sent_twice_in_a_week(outsider):
    preference_set(user=outsider, kind="event.reminder", delivery="digest")
    notify(user=outsider, kind="event.reminder", title="交流会のお知らせ")
    digest.digest_send(user_id=outsider.pk)
    assert digest.digest_send(user_id=outsider.pk) is False
    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.count() == 1


def test_an_empty_digest_is_skipped(outsider):
    assert digest.digest_send(user_id=outsider.pk) is False
    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()


def test_people_who_turned_the_digest_off_are_not_walked(outsider, staff):
    preference_set(user=outsider, kind="digest.weekly", delivery="in_app")
    assert digest.digest_recipient_ids() == [staff.pk]


def test_the_weekly_task_queues_one_task_per_chunk(monkeypatch, db):
    UserFactory.create_batch(7)
    queued = []
    monkeypatch.setattr(digest, "CHUNK_SIZE", 3)
    monkeypatch.setattr(tasks.send_digest_chunk, "delay", lambda ids: queued.append(ids))
    assert tasks.send_weekly_digests() == 3
    assert [len(ids) for ids in queued] == [3, 3, 1]
    assert len({i for ids in queued for i in ids}) == 7
