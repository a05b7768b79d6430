"""200 simultaneous registration attempts for 30 seats, each on its own database connection:
exactly 30 confirmed, the rest waitlisted in the order they got the lock, no errors.

The attempts run on 40 threads at once rather than 200: PostgreSQL here allows 100
connections, shared with other test databases. Every attempt still opens its own connection
(closed after it), and 40 contenders on one row lock is the same race as 200."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection
from rest_framework.test import APIClient

from events.models import Registration
from events.services import registration_cancel
from tests.conftest import require_service
from tests.factories import MembershipFactory, OrganizationFactory
from tests.helpers import make_event

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Eager tasks run in 40 threads flip Celery's process-wide "inside a task" flag without
    a lock; put it back, or a later test's result.get() thinks it runs inside a task."""
    from celery._state import _set_task_join_will_block, task_join_will_block

    before = task_join_will_block()
    yield
    _set_task_join_will_block(before)


ATTEMPTS = 200
SEATS = 30
AT_ONCE = 40


def test_two_hundred_simultaneous_registrations_never_exceed_thirty_seats():
    require_service(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "set DATABASE_URL=postgres://… (SQLite has no row locks)",
    )
    event = make_event(capacity=SEATS)
    orgs = [OrganizationFactory() for _ in range(ATTEMPTS)]
    members = [MembershipFactory(organization=o).user for o in orgs]
    start = threading.Barrier(AT_ONCE, timeout=60)
    errors: list[BaseException] = []
    answers: list[tuple[int, str]] = []

    def attempt(index, user, org):
        # Through the API, as a client would: every answer must be 201.
        client = APIClient()
        client.force_authenticate(user)
        try:
            if index < AT_ONCE:
                start.wait()  # the first wave leaves together
            response = client.post(
                f"/api/v1/events/{event.pk}/registrations/",
                {"organization": org.pk, "attendees": 1},
                format="json",
            )
            answers.append((response.status_code, response.json().get("status", "")))
        except BaseException as exc:  # noqa: BLE001 — every failure is a finding
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        for index, (user, org) in enumerate(zip(members, orgs, strict=True)):
            pool.submit(attempt, index, user, org)

    assert errors == []
    assert sorted({code for code, _status in answers}) == [201]
    assert sum(status == "confirmed" for _code, status in answers) == SEATS
    registrations = list(Registration.objects.filter(event=event).order_by("queued_at", "id"))
    assert len(registrations) == ATTEMPTS
    confirmed = [r for r in registrations if r.status == "confirmed"]
    waitlisted = [r for r in registrations if r.status == "waitlisted"]
    assert len(confirmed) == SEATS
    assert len(waitlisted) == ATTEMPTS - SEATS
    # In order: everyone confirmed got the lock before everyone waiting.
    assert max(r.queued_at for r in confirmed) <= min(r.queued_at for r in waitlisted)

    first_waiting = waitlisted[0]
    registration_cancel(registration=confirmed[0], by=confirmed[0].user)
    first_waiting.refresh_from_db()
    assert first_waiting.status == "confirmed"
    assert Registration.objects.filter(event=event, status="confirmed").count() == SEATS
