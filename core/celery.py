"""The Celery app. Tasks run eagerly in-process unless REDIS_URL is set (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

app = Celery("tsunagu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def task_named(name: str):
    """The registered task called `name` ("app.tasks.function"), importing its module when
    this process has not yet: callers that send a task need not import the module that
    defines it (which imports their services back)."""
    from importlib import import_module

    from celery.exceptions import NotRegistered

    try:
        return app.tasks[name]
    except NotRegistered:
        import_module(name.rsplit(".", 1)[0])
        return app.tasks[name]
