from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "matching.introductions"
    label = "introductions"
    verbose_name = "Introductions"

    def ready(self):
        from core import pagecache
        from profiles.selectors import register_contact_grant

        from .models import Collaboration
        from .selectors import organizations_with_accepted_introduction

        # Organization pages list the public collaborations (core.pagecache).
        pagecache.bump_on_change("directory", Collaboration)
        register_contact_grant("accepted_introduction", organizations_with_accepted_introduction)
