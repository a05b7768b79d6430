"""Events: which are public, which are still to come, and seats counted in one place."""

import datetime as dt

from django.utils import timezone

from events import services
from events.models import Event, EventStatus, Registration, RegistrationStatus
from tests.factories import OrganizationFactory, UserFactory
from tests.helpers import make_event


def test_public_events_are_published_or_cancelled_never_drafts_or_pending(db):
    published = make_event(title="公開")
    cancelled = make_event(title="中止", status=EventStatus.CANCELLED)
    make_event(title="下書き", status=EventStatus.DRAFT)
    make_event(title="審査待ち", status=EventStatus.PENDING)
    assert set(Event.objects.public()) == {published, cancelled}


def test_upcoming_public_events_are_published_and_not_started(db):
    coming = make_event(title="これから")
    make_event(title="終わった", days=-3)
    make_event(title="中止", status=EventStatus.CANCELLED)
    assert list(Event.objects.upcoming_public()) == [coming]
    later = timezone.now() + dt.timedelta(days=20)
    assert not Event.objects.upcoming_public(now=later).exists()


def test_seats_count_confirmed_attendees_only(db):
    event = make_event(capacity=10)
    for attendees, status in (
        (3, RegistrationStatus.CONFIRMED),
        (2, RegistrationStatus.CONFIRMED),
        (4, RegistrationStatus.WAITLISTED),
        (1, RegistrationStatus.CANCELLED),
    ):
        Registration.objects.create(
            event=event,
            organization=OrganizationFactory(),
            user=UserFactory(),
            attendees=attendees,
            status=status,
        )
    annotated = Event.objects.with_seats().get(pk=event.pk)
    assert (annotated.seats_taken, annotated.seats_left) == (5, 5)
    assert services.confirmed_seats(event) == 5


def test_an_event_with_no_registration_has_every_seat_left(db):
    event = make_event(capacity=7)
    annotated = Event.objects.with_seats().get(pk=event.pk)
    assert (annotated.seats_taken, annotated.seats_left) == (0, 7)
