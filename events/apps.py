from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from core import pagecache
        from core.digest import register_section

        from .digest import new_events
        from .models import Event, Registration

        # Anonymous visitors' cached pages and API reads (core.pagecache): seats left too.
        pagecache.bump_on_change("events", Event, Registration)
        register_section("events", new_events)
