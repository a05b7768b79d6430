"""An operator sees which requests were slow, on the server's console."""

import logging

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_request_over_the_threshold_is_logged_with_its_path_and_status(settings, caplog):
    settings.SLOW_REQUEST_SECONDS = 0.000001  # every request counts as slow
    with caplog.at_level(logging.WARNING, logger="tsunagu.slow"):
        response = Client().get("/healthz?secret=typed-by-a-person")
    assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "tsunagu.slow"]
    assert len(lines) == 1
    assert lines[0].startswith("slow request: GET /healthz → 200 in ")
    assert "typed-by-a-person" not in lines[0]  # the query string stays out of the log


@pytest.mark.django_db
def test_fast_requests_and_a_threshold_of_zero_log_nothing(settings, caplog):
    with caplog.at_level(logging.WARNING, logger="tsunagu.slow"):
        settings.SLOW_REQUEST_SECONDS = 60
        Client().get("/healthz")
        settings.SLOW_REQUEST_SECONDS = 0
        Client().get("/healthz")
    assert not [r for r in caplog.records if r.name == "tsunagu.slow"]
