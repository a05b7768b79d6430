import datetime as dt

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditLog, Notification
from events.models import Event
from events.services import (
    event_cancel,
    event_create,
    event_publish,
    event_return,
    event_submit,
    event_update,
    registration_create,
)
from tests.helpers import make_event

pytestmark = pytest.mark.django_db


def _when(days=14, hours=2):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=hours)}


def _fields(**extra):
    return {"title": "区民まつり", "kind": "festival", "capacity": 50, **_when(), **extra}


def test_an_organizations_event_waits_for_review_before_it_is_public(npo, npo_editor, staff):
    event = event_create(by=npo_editor, organization=npo, **_fields())
    event_submit(event=event, by=npo_editor)
    assert event.status == "pending"
    event_publish(event=event, by=staff)
    assert Event.objects.get(pk=event.pk).status == "published"
    assert AuditLog.objects.filter(action="event.publish", actor=staff).count() == 1


def test_a_member_cannot_publish_their_own_event(npo, npo_editor):
    event = event_create(by=npo_editor, organization=npo, **_fields())
    event_submit(event=event, by=npo_editor)
    with pytest.raises(ApplicationError):
        event_publish(event=event, by=npo_editor)
    assert Event.objects.get(pk=event.pk).status == "pending"


def test_staff_return_an_event_with_a_comment_that_the_organizer_reads(npo, npo_editor, staff):
    event = event_create(by=npo_editor, organization=npo, **_fields())
    event_submit(event=event, by=npo_editor)
    event_return(event=event, by=staff, comment="会場の住所を書いてください")
    event.refresh_from_db()
    assert (event.status, event.review_comment) == ("draft", "会場の住所を書いてください")
    assert Notification.objects.filter(user=npo_editor, kind="event.returned").exists()
    assert AuditLog.objects.filter(action="event.return").exists()


def test_returning_without_a_reason_is_refused(npo, npo_editor, staff):
    event = event_create(by=npo_editor, organization=npo, **_fields())
    event_submit(event=event, by=npo_editor)
    with pytest.raises(ApplicationError, match="理由"):
        event_return(event=event, by=staff, comment=" ")
    assert Event.objects.get(pk=event.pk).status == "pending"


def test_a_support_center_event_by_staff_is_published_on_submit(staff):
    event = event_create(by=staff, **_fields())
    assert event_submit(event=event, by=staff).status == "published"


def test_a_member_must_organize_for_their_organization(npo_editor):
    with pytest.raises(ApplicationError, match="団体を選んでください"):
        event_create(by=npo_editor, **_fields())


def test_nobody_creates_an_event_for_an_organization_they_are_not_in(npo, outsider):
    with pytest.raises(ApplicationError):
        event_create(by=outsider, organization=npo, **_fields())
    assert not Event.objects.exists()


def test_an_end_before_the_start_is_refused(staff):
    when = _when()
    with pytest.raises(ApplicationError, match="終了日時は開始日時より後"):
        event_create(by=staff, **_fields(starts_at=when["ends_at"], ends_at=when["starts_at"]))
    assert not Event.objects.exists()


def test_capacity_cannot_drop_below_the_confirmed_seats(staff, npo, npo_editor):
    event = make_event(capacity=10)
    registration_create(event=event, by=npo_editor, organization=npo, attendees=3)
    with pytest.raises(ApplicationError, match="3 人より少なく"):
        event_update(event=event, by=staff, capacity=2)
    assert Event.objects.get(pk=event.pk).capacity == 10


def test_raising_capacity_promotes_the_waitlist(staff, npo, npo_editor, outsider):
    event = make_event(capacity=1)
    registration_create(event=event, by=outsider)
    waiting = registration_create(event=event, by=npo_editor, organization=npo, attendees=1)
    assert waiting.status == "waitlisted"
    event_update(event=event, by=staff, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_another_organizations_member_cannot_edit_the_event(npo, company_member):
    event = make_event(organizer_org=npo)
    with pytest.raises(ApplicationError):
        event_update(event=event, by=company_member, title="乗っ取り")
    assert Event.objects.get(pk=event.pk).title == "地域活動団体交流会"


def test_changing_the_time_tells_everyone_registered_once(
    npo, npo_editor, outsider, django_capture_on_commit_callbacks
):
    event = make_event(organizer_org=npo)
    registration_create(event=event, by=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=event, by=npo_editor, starts_at=event.starts_at + dt.timedelta(hours=1),
                 ends_at=event.ends_at + dt.timedelta(hours=1))  # fmt: skip
    assert Notification.objects.filter(user=outsider, kind="event.changed").count() == 1


def test_fixing_a_typo_in_the_description_sends_no_notice(
    npo, npo_editor, outsider, django_capture_on_commit_callbacks
):
    event = make_event(organizer_org=npo)
    registration_create(event=event, by=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=event, by=npo_editor, description="説明を直しました")
    assert not Notification.objects.filter(kind="event.changed").exists()


def test_cancelling_the_event_tells_everyone_registered(
    npo, npo_editor, outsider, staff, django_capture_on_commit_callbacks
):
    event = make_event()
    registration_create(event=event, by=outsider)
    registration_create(event=event, by=npo_editor, organization=npo)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, by=staff, reason="台風接近のため")
    kinds = Notification.objects.filter(kind="event.cancelled")
    assert sorted(n.user_id for n in kinds) == sorted([outsider.pk, npo_editor.pk])
    assert AuditLog.objects.filter(action="event.cancel").exists()


def test_a_stranger_cannot_cancel_the_event(outsider):
    event = make_event()
    with pytest.raises(ApplicationError):
        event_cancel(event=event, by=outsider)
    assert Event.objects.get(pk=event.pk).status == "published"
