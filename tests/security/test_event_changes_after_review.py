"""An organization's published event edited in what people signed up for (time, place,
capacity, meeting URL) is flagged for the support center in the console, and everyone
registered is told; staff mark the change reviewed (audited)."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import NotAllowed
from core.models import AuditLog, Notification
from events.models import Event
from events.services import event_changes_reviewed, event_update, registration_create
from tests.helpers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_event(chonaikai):
    return make_event(organizer_org=chonaikai, capacity=20)


@pytest.fixture
def registered(org_event, npo, npo_editor):
    return registration_create(event=org_event, by=npo_editor, organization=npo, attendees=2)


def _later(event, hours=3):
    return {
        "starts_at": event.starts_at + dt.timedelta(hours=hours),
        "ends_at": event.ends_at + dt.timedelta(hours=hours),
    }


def test_moving_the_time_flags_the_event_for_the_support_center(org_event, chonaikai_owner):
    event_update(event=org_event, by=chonaikai_owner, **_later(org_event))
    org_event.refresh_from_db()
    assert set(org_event.changes_since_review) == {"starts_at", "ends_at"}
    assert org_event.changed_after_review_at is not None
    assert org_event.status == "published"  # those registered still find it


@pytest.mark.parametrize(
    "change",
    [{"capacity": 5}, {"venue_name": "別の会場"}, {"online_url": "https://meet.example/x"}],
)
def test_capacity_place_and_url_changes_are_flagged_too(org_event, chonaikai_owner, change):
    event_update(event=org_event, by=chonaikai_owner, **change)
    org_event.refresh_from_db()
    assert set(org_event.changes_since_review) == set(change)


def test_a_description_change_is_not_flagged(org_event, chonaikai_owner):
    event_update(event=org_event, by=chonaikai_owner, description="持ち物: 筆記用具")
    org_event.refresh_from_db()
    assert org_event.changes_since_review == {}


def test_changing_it_back_clears_the_flag(org_event, chonaikai_owner):
    event_update(event=org_event, by=chonaikai_owner, capacity=5)
    event_update(event=org_event, by=chonaikai_owner, capacity=20)
    org_event.refresh_from_db()
    assert org_event.changes_since_review == {}
    assert org_event.changed_after_review_at is None


def test_registrants_are_told_of_a_capacity_change(
    org_event, registered, chonaikai_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=org_event, by=chonaikai_owner, capacity=10)
    notice = Notification.objects.get(user=registered.user, kind="event.changed")
    assert "定員 10 人" in notice.body


def test_the_change_notice_never_carries_the_meeting_url(
    org_event, registered, chonaikai_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event_update(
            event=org_event, by=chonaikai_owner,
            venue_name="", address="", online_url="https://meet.example/s",
        )  # fmt: skip
    notice = Notification.objects.get(user=registered.user, kind="event.changed")
    assert "meet.example" not in notice.body


def test_the_console_lists_the_changed_event(client, staff, org_event, chonaikai_owner):
    event_update(event=org_event, by=chonaikai_owner, capacity=5)
    client.force_login(staff)
    body = client.get(reverse("console:home")).content.decode()
    assert "公開後に日時・場所・定員が変わったイベント" in body
    assert org_event.title in body
    assert reverse("events:manage", args=[org_event.pk]) in body


def test_staff_see_what_changed_and_mark_it_reviewed(client, staff, org_event, chonaikai_owner):
    event_update(event=org_event, by=chonaikai_owner, venue_name="別の会場")
    client.force_login(staff)
    page = client.get(reverse("events:manage", args=[org_event.pk])).content.decode()
    assert "仙台市市民活動サポートセンター" in page
    assert "別の会場" in page
    response = client.post(reverse("events:action", args=[org_event.pk, "changes-reviewed"]))
    assert response.status_code == 302
    org_event.refresh_from_db()
    assert org_event.changes_since_review == {}
    assert AuditLog.objects.filter(action="event.changes_reviewed", actor=staff).exists()


def test_the_organizer_cannot_mark_their_own_change_reviewed(org_event, chonaikai_owner):
    event_update(event=org_event, by=chonaikai_owner, capacity=5)
    with pytest.raises(NotAllowed):
        event_changes_reviewed(event=org_event, by=chonaikai_owner)
    assert Event.objects.get(pk=org_event.pk).changes_since_review


def test_staffs_own_edit_and_a_support_center_event_are_not_flagged(staff, org_event):
    event = make_event(organizer_org=None)
    event_update(event=org_event, by=staff, capacity=5)
    event_update(event=event, by=staff, capacity=5)
    assert not Event.objects.filter(changed_after_review_at__isnull=False).exists()
