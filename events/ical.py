"""iCalendar (RFC 5545) for one event and for subscribable feeds. Every entry links back to
the event page, so a calendar app opens the registration page in one tap."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event, EventStatus

PRODID = "-//Tsunagu//Sendai exchange events//JA"


ONLINE_LABEL = "オンライン"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _entry(event: Event) -> VEvent:
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    entry = VEvent()
    entry.add("uid", f"event-{event.pk}@tsunagu")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", timezone.localtime(event.starts_at))
    entry.add("dtend", timezone.localtime(event.ends_at))
    entry.add("summary", event.title)
    entry.add("description", f"{event.description}\n\n{url}".strip())
    # Never the meeting URL: feeds are public (see events.see_meeting_url).
    location = " ".join(p for p in (event.venue_name, event.address) if p) or (
        ONLINE_LABEL if event.online_url else ""
    )
    if location:
        entry.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        entry.add("geo", (float(event.latitude), float(event.longitude)))
    entry.add("url", url)
    entry.add("last-modified", event.updated_at)
    entry.add("organizer", f"mailto:noreply@{settings.SITE_URL.split('//')[-1].split(':')[0]}",
              parameters={"CN": event.organizer_name})  # fmt: skip
    entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return entry


def event_ics(event: Event) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(_entry(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(events: Iterable[Event], *, name: str) -> bytes:
    calendar = _calendar(name)
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for event in events:
        calendar.add_component(_entry(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
