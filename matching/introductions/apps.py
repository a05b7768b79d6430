from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "matching.introductions"
    label = "introductions"
    verbose_name = "Introductions"

    def ready(self):
        from profiles.selectors import register_contact_grant

        from .selectors import organizations_with_accepted_introduction

        register_contact_grant("accepted_introduction", organizations_with_accepted_introduction)
