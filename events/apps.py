from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from core.digest import register_section

        from .digest import new_events

        register_section("events", new_events)
