import pytest

from events.demo import DEMO_EVENTS, seed_demo_events
from events.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_events_are_published_and_upcoming(staff):
    seed_demo_events(by=staff)
    assert Event.objects.filter(status="published").count() == len(DEMO_EVENTS)
    assert Event.objects.filter(title="防災フォーラム「町内会と企業で備える」").exists()


def test_seeding_twice_creates_nothing_new(staff):
    seed_demo_events(by=staff)
    assert seed_demo_events(by=staff) == []
    assert Event.objects.count() == len(DEMO_EVENTS)
