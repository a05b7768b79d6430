from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "matching.introductions"
    label = "introductions"
    verbose_name = "Introductions"

    def ready(self):
        from core import pagecache

        from .models import Collaboration

        # Organization pages list the public collaborations (core.pagecache).
        pagecache.bump_on_change("directory", Collaboration)
