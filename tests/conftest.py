"""Shared fixtures. Tests that need a real service skip with a reason on a laptop without it,
and fail instead under CI (CI=true), where every service must be there."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(name: str, available: bool, how: str) -> None:
    if available:
        return
    message = f"{name} is not available: {how}"
    if IN_CI:
        pytest.fail(f"CI must run this test: {message}")
    pytest.skip(message)


@pytest.fixture
def redis_url():
    require_service("Redis", bool(settings.REDIS_URL), "set REDIS_URL=redis://127.0.0.1:6379/0")
    return settings.REDIS_URL


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters and cached values must not leak from one test into the next.
    On Redis only this worker's keys are removed: other xdist workers share the server."""
    _clear_own_cache()
    yield
    _clear_own_cache()


def _clear_own_cache():
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("RedisCache"):
        client = cache._cache.get_client(None, write=True)
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
