"""With Redis stopped mid-test the site keeps serving: sign-in, the API, the directory and
event registration work, the failure is logged once, and what waited is sent when Redis is
back. Runs against a Redis of the test's own (tests/security/conftest.py)."""

import json
import logging

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from core import cache as fallback_cache
from core import live, outbox
from core.celery import app as celery_app
from core.models import Notification, OutboxMessage
from events.models import Registration
from tests.factories import UserFactory
from tests.helpers import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.services]

PASSWORD = "a-long-pass-phrase-2026"


def _reset_celery_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def site_on_own_redis(settings, own_redis, monkeypatch):
    """Cache, channel layer and broker all on the test's own Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "faults",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": own_redis.url, "socket_timeout": None}]},
        }
    }
    # Seen at once when Redis comes back (production waits a few seconds between tries).
    monkeypatch.setattr(fallback_cache, "RETRY_AFTER_SECONDS", 0.0)
    monkeypatch.setattr(fallback_cache, "breaker", fallback_cache._Breaker())
    monkeypatch.setitem(live._state, "down", False)
    monkeypatch.setitem(outbox._state, "down", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", own_redis.url)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    _reset_celery_pools()
    yield own_redis
    _reset_celery_pools()


@pytest.fixture
def volunteer(db):
    user = UserFactory(email="volunteer@example.org")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def errors_from(caplog, logger_name: str) -> list:
    return [r for r in caplog.records if r.name == logger_name and r.levelno >= logging.ERROR]


def test_sign_in_the_api_and_the_directory_work_while_redis_is_down(
    client, site_on_own_redis, volunteer, caplog
):
    site_on_own_redis.stop()
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/v1/organizations/").status_code == 200
    assert client.get("/api/v1/tags/", {"facet": "resource"}).status_code == 200
    assert client.get("/directory/").status_code == 200
    assert client.get("/directory/listings/").status_code == 200
    assert len(errors_from(caplog, "tsunagu.cache")) == 1


def test_failed_sign_ins_are_still_limited_while_redis_is_down(
    client, site_on_own_redis, volunteer
):
    site_on_own_redis.stop()
    for _ in range(5):
        client.post("/accounts/login/", {"login": volunteer.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    assert response.status_code != 302  # the sixth try within five minutes is refused
    assert "_auth_user_id" not in client.session


def test_the_cache_uses_redis_again_when_it_returns(client, site_on_own_redis):
    site_on_own_redis.stop()
    health = client.get("/healthz").json()
    assert health["checks"]["cache"]["status"] == "down"
    cache.set("while-down", "kept locally")
    site_on_own_redis.start()
    cache.set("after-restart", "in redis")
    assert site_on_own_redis.client().keys("*after-restart*")
    assert client.get("/healthz").json()["checks"]["cache"]["status"] == "up"


def test_registration_succeeds_while_redis_is_down_and_its_mail_is_sent_when_it_returns(
    client, site_on_own_redis, chonaikai_owner, chonaikai, django_capture_on_commit_callbacks
):
    event = make_event()
    client.force_login(chonaikai_owner)
    site_on_own_redis.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{event.pk}/register/", {"registrant": str(chonaikai.pk), "attendees": "2"}
        )
    assert response.status_code == 302
    registration = Registration.objects.get(event=event, organization=chonaikai)
    notification = Notification.objects.get(
        user=chonaikai_owner, dedupe_key=f"event-registered:{registration.pk}"
    )
    [waiting] = OutboxMessage.objects.all()
    assert waiting.task == "core.tasks.send_notification_email"
    assert waiting.args == [notification.pk]
    assert waiting.attempts == 1

    site_on_own_redis.start()
    from core.tasks import drain_outbox

    assert drain_outbox() == 1  # what beat runs every minute
    assert not OutboxMessage.objects.exists()
    [raw] = site_on_own_redis.client().lrange("celery", 0, -1)
    message = json.loads(raw)
    assert message["headers"]["task"] == "core.tasks.send_notification_email"
    assert json.loads(message["headers"]["argsrepr"].replace("(", "[").replace(",)", "]")) == [
        notification.pk
    ]
