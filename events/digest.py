"""The weekly digest's section "新しい交流会": events published this week that are still ahead
(events.selectors.newly_published_events). Registered in EventsConfig.ready."""

from django.utils import timezone

from .selectors import newly_published_events


def new_events(*, user, since, now) -> list[dict]:
    return [
        {
            "title": f"{timezone.localtime(event.starts_at):%Y-%m-%d %H:%M} {event.title}",
            "url": event.get_absolute_url(),
        }
        for event in newly_published_events(since=since, now=now)
    ]
