import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, EventStatus
from tests.factories import tag


def make_event(*, organizer_org=None, status=EventStatus.PUBLISHED, days=10, **fields) -> Event:
    """An event row for tests that are not about creating events (those call the service)."""
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    values = {
        "title": "地域活動団体交流会",
        "kind": "exchange",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "venue_name": "仙台市市民活動サポートセンター",
        "address": "仙台市青葉区一番町四丁目1-3",
        "ward": tag("area", "aoba"),
        "capacity": 30,
        "contact": "仙台市市民活動サポートセンター",
        **fields,
    }
    event = Event.objects.create(organizer_org=organizer_org, status=status, **values)
    return event


@pytest.fixture
def event(db):
    return make_event()


@pytest.fixture
def small_event(db):
    return make_event(title="防災フォーラム", kind="forum", capacity=4, per_org_limit=3)
