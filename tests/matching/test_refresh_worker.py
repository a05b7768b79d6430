"""A profile change reaches a real Celery worker through Redis, which refreshes the stored
suggestions in the database (the worker reads the test database)."""

import time

import pytest

from core.celery import app
from matching.models import Suggestion
from profiles.models import Organization
from profiles.signals import organization_changed
from tests.helpers import celery_worker_on_test_database
from tests.matching.conftest import listing

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]


def forget_routes() -> None:
    app.amqp._rtable = None
    app.amqp.__dict__.pop("router", None)


@pytest.fixture
def matching_worker(redis_url, monkeypatch, settings):
    with celery_worker_on_test_database(redis_url, name="test-matching") as queue:
        monkeypatch.setitem(app.conf, "task_always_eager", False)
        monkeypatch.setitem(app.conf, "task_routes", {"matching.tasks.*": {"queue": queue}})
        # Celery prepares the routing table and router once per process: an earlier test that
        # published a task would otherwise send ours to its queue, where nobody listens.
        forget_routes()
        settings.MATCHING_REFRESH_DELAY = 0
        try:
            yield queue
        finally:
            forget_routes()  # rebuilt lazily from the restored configuration


def test_a_real_worker_refreshes_suggestions_after_a_listing_change(
    vocabulary, directory, matching_worker
):
    company = directory["company"]
    listing(company, "offer", "successors", title="OB人材の紹介")
    organization_changed.send(sender=Organization, organization_id=company.pk, reason="listing")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if Suggestion.objects.filter(organization=directory["chonaikai"], partner=company).exists():
            break
        time.sleep(0.5)
    assert Suggestion.objects.filter(organization=directory["chonaikai"], partner=company).exists()
