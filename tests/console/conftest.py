from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

TOKYO = ZoneInfo("Asia/Tokyo")


def at(*args) -> datetime:
    """A moment in Sendai: at(2026, 5, 10) or at(2026, 5, 10, 9, 30)."""
    return datetime(*args, tzinfo=TOKYO)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def member_client(client, chonaikai_owner):
    client.force_login(chonaikai_owner)
    return client


def backdate(obj, **fields):
    """Set auto_now_add / auto_now fields, which save() would overwrite."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    obj.refresh_from_db()
    return obj


@pytest.fixture(scope="session")
def standin_tables(django_db_setup, django_db_blocker):
    """The stand-ins' tables, created once per test database (outside any transaction: SQLite
    cannot change its schema inside one) and dropped at the end of the session."""
    from django.db import connection

    from tests.console import standins

    with django_db_blocker.unblock():
        existing = set(connection.introspection.table_names())
        with connection.schema_editor() as editor:
            for model in standins.MODELS:
                if model._meta.db_table not in existing:
                    editor.create_model(model)
    yield
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        for model in reversed(standins.MODELS):
            editor.delete_model(model)


@pytest.fixture
def sources(standin_tables, db, monkeypatch):
    """The other helpers' models — the real ones where their app has landed, the stand-ins of
    tests/console/standins.py where not — with the console's figures, sections and pages
    registered over them. Against a real model these tests check that it has the field names
    the console was written against."""
    from types import SimpleNamespace

    from frontend.console import attention, figures
    from frontend.console.templatetags import console_tags
    from tests.console import standins

    real = figures.model_available

    def model_available(app_name, model):
        return real(app_name, model) or standins.BY_NAME.get((app_name, model))

    for module in (figures, attention, console_tags):
        monkeypatch.setattr(module, "model_available", model_available)
    models = SimpleNamespace(**{name: model_available(app, name) for app, name in standins.BY_NAME})
    figures_before = dict(figures._REGISTRY)
    sections_before = dict(attention._SECTIONS)
    figures.register_available()
    attention.register_available()
    try:
        yield models
    finally:
        for model in reversed(standins.MODELS):  # the stand-ins outlive the test's transaction
            model.objects.all().delete()
        figures._REGISTRY.clear()
        figures._REGISTRY.update(figures_before)
        attention._SECTIONS.clear()
        attention._SECTIONS.update(sections_before)
