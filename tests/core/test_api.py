import pytest

pytestmark = pytest.mark.django_db


def test_tags_api_lists_one_facet(client):
    response = client.get("/api/v1/tags/", {"facet": "resource"})
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 22
    assert {row["facet"] for row in body} == {"resource"}
    assert body[0]["label_ja"] == "人手・ボランティア"


def test_tags_api_rejects_an_unknown_facet_with_a_clear_message(client):
    response = client.get("/api/v1/tags/", {"facet": "nonsense"})
    assert response.status_code == 400
    assert "facet" in response.json()


def test_api_root_lists_the_endpoints(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert "tags" in response.json()


def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/tags/" in response.json()["paths"]


def test_swagger_ui_is_served_from_the_project_not_a_cdn(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_token_authentication_works(client, django_user_model):
    from rest_framework.authtoken.models import Token

    user = django_user_model.objects.create_user(email="a@example.org", password="pw-123456789")
    token = Token.objects.create(user=user)
    response = client.get("/api/v1/tags/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    bad = client.get("/api/v1/tags/", HTTP_AUTHORIZATION="Token wrong")
    assert bad.status_code == 401
