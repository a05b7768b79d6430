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


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test is a failure: every service is there, so nothing may be skipped."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; CI must run them all.", red=True)
        session.exitstatus = 1


@pytest.fixture
def redis_url():
    require_service("Redis", bool(settings.REDIS_URL), "set REDIS_URL=redis://127.0.0.1:6379/0")
    return settings.REDIS_URL


@pytest.fixture
def worker_queue(redis_url):
    """A real Celery worker, through Redis, on this test's PostgreSQL database: the name of the
    queue it listens on (send with apply_async(queue=…), task_always_eager off)."""
    from tests.helpers import celery_worker_on_test_database

    with celery_worker_on_test_database(redis_url) as queue:
        yield queue


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


# --- The cast ---------------------------------------------------------------------------------
# One person per role, each acting for a real-looking organization. Tests pick the persona
# whose point of view they take; a negative test sits beside each positive one.


@pytest.fixture
def chonaikai(db):
    from tests.factories import OrganizationFactory, tag, tags

    return OrganizationFactory(
        kind="neighborhood_association",
        name="片平一丁目町内会",
        name_kana="カタヒライッチョウメチョウナイカイ",
        ward=tag("area", "aoba"),
        fields=tags("field", "community-development", "disaster-prevention"),
    )


@pytest.fixture
def npo(db):
    from tests.factories import OrganizationFactory, tag, tags

    return OrganizationFactory(
        kind="npo",
        name="NPO法人 杜の子ども食堂",
        name_kana="モリノコドモショクドウ",
        ward=tag("area", "wakabayashi"),
        fields=tags("field", "child-development", "health-welfare"),
        legal_form="NPO法人",
    )


@pytest.fixture
def company(db):
    from tests.factories import OrganizationFactory, tag

    return OrganizationFactory(
        kind="company",
        name="株式会社 杜の都電機",
        name_kana="モリノミヤコデンキ",
        ward=tag("area", "miyagino"),
        yoshi_declared=True,
    )


@pytest.fixture
def chonaikai_owner(chonaikai):
    from tests.factories import MembershipFactory

    return MembershipFactory(organization=chonaikai, role="owner").user


@pytest.fixture
def npo_editor(npo):
    from tests.factories import MembershipFactory

    return MembershipFactory(organization=npo, role="editor").user


@pytest.fixture
def company_member(company):
    from tests.factories import MembershipFactory

    return MembershipFactory(organization=company, role="owner").user


@pytest.fixture
def outsider(db):
    from tests.factories import UserFactory

    return UserFactory(display_name="通りすがり")


@pytest.fixture
def staff(db):
    from tests.factories import UserFactory

    return UserFactory(display_name="支援センター職員", is_staff=True)


# --- Data the migrations install ---------------------------------------------------------------
# The tag vocabulary (core/migrations/0002) and the site's name (0003) are rows written by
# migrations. A transactional test (threads, a real worker, a live server for the browser) ends
# with a flush that empties every table, and --reuse-db keeps the database as the last run left
# it. This is the one place that puts those rows back: when a worker's test database is set up
# (reused or new) and right after each transactional test's flush. Other conftests must not
# reinstall them.

_TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
_test_database_ready = False


def restore_migration_data() -> None:
    """Reinstall what the data migrations wrote, if a flush removed it (idempotent)."""
    import importlib

    from django.apps import apps as django_apps

    from core.models import Tag
    from core.vocabulary import install

    if not Tag.objects.exists():
        install(Tag)
    site_migration = importlib.import_module("core.migrations.0003_site_name")
    site_migration.name_site(django_apps, None)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or (marker.args and marker.args[0])
    ):
        return True
    return bool(_TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database may have been left flushed by an interrupted run."""
    global _test_database_ready
    with django_db_blocker.unblock():
        restore_migration_data()
    _test_database_ready = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush (its fixtures are torn down inside this wrapper),
    put the migration data back before the next test starts."""
    try:
        return (yield)
    finally:
        if _test_database_ready and _is_transactional(item):
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                restore_migration_data()
