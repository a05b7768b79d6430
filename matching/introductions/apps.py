from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "matching.introductions"
    label = "introductions"
    verbose_name = "Introductions"
