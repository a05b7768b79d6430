"""Schemathesis against every API operation, anonymous and as a member: no server error,
every answer (success or error) documented in the OpenAPI schema with its content type and
shape, and input that breaks the schema refused.

Bounded for CI: MAX_EXAMPLES cases per operation and generation mode, derandomized, so the
run takes about the same time every time."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

pytestmark = [pytest.mark.django_db, pytest.mark.services]

MAX_EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request; the test's
    transaction lives on it (Django's test client disconnects the same signal)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def fuzz_every_operation(headers=None) -> list[str]:
    from core.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def check(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except Unsatisfiable:
                pass  # no input breaks this operation's schema (e.g. no parameters at all)
            except BaseException as exc:  # noqa: BLE001 each failure is kept, none hides another
                if isinstance(exc, KeyboardInterrupt):
                    raise
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:1500]}")
    return failures


def test_every_operation_as_an_anonymous_visitor(chonaikai, npo):
    failures = fuzz_every_operation()
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)


def test_every_operation_as_a_member(chonaikai_owner, chonaikai, npo):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=chonaikai_owner)
    failures = fuzz_every_operation({"Authorization": f"Token {token.key}"})
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)
