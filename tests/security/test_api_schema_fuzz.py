"""Schemathesis against every API operation, anonymous and as a member: no server error,
every answer (success or error) documented in the OpenAPI schema with its content type and
shape, and input that breaks the schema refused.

The requests go through the WSGI application in this process and commit as in production
(each service call its own transaction). The test is transactional: pytest-django
empties every table afterwards, so whatever the fuzzer created (organizations, listings,
events) never reaches a later test. An earlier version ran inside the test's rollback
transaction; the WSGI handler's end-of-request hook closed that connection and later
requests committed on a fresh one, leaking rows into other tests.

Bounded for CI: FUZZ_MAX_EXAMPLES cases (default 10) per operation and generation mode,
derandomized, so the run takes about the same time every time (~1 minute on 2 cores)."""

import os

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

pytestmark = pytest.mark.django_db(transaction=True)

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


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


def test_the_fuzzer_leaves_no_rows_behind(chonaikai):
    """Runs after the two above (file order): the flush emptied what they wrote; only this
    test's own organization is here."""
    from profiles.models import Organization

    assert list(Organization.objects.values_list("name", flat=True)) == [chonaikai.name]
