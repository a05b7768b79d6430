import pytest

from core import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_part_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "broker"}
    assert all(check["status"] == "up" for check in body["checks"].values())


def test_healthz_answers_503_and_names_the_part_that_is_down(client, monkeypatch):
    def broken():
        raise ConnectionError("redis refused")

    monkeypatch.setitem(health.CHECKS, "channel_layer", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["channel_layer"]["status"] == "down"
    assert "redis refused" in body["checks"]["channel_layer"]["detail"]
    assert body["checks"]["database"]["status"] == "up"
