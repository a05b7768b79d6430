"""One error shape, one status and one code per meaning, pages and API alike: a rule that says
"not allowed" answers 403, "no such thing" 404, bad input or state 400."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from core.errors import ApplicationError, NotAllowed, NotFound
from matching.introductions import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_intro(chonaikai, npo, chonaikai_owner, npo_editor):
    return services.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_requester_answering_its_own_request_over_the_api_is_403(
    request_intro, chonaikai_owner
):
    response = _api(chonaikai_owner).post(
        f"/api/v1/introductions/{request_intro.pk}/accept/", {}, format="json"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "permission_denied"
    assert body["detail"] == "この操作をする権限がありません"


def test_the_same_refusal_on_the_page_is_403_too(request_intro, chonaikai_owner):
    response = _page(chonaikai_owner).post(f"/introductions/{request_intro.pk}/accept/")
    assert response.status_code == 403
    request_intro.refresh_from_db()
    assert request_intro.recipient_accepted_at is None


def test_a_service_refusal_and_a_view_refusal_share_one_code(request_intro, chonaikai_owner):
    by_service = _api(chonaikai_owner).post(
        f"/api/v1/introductions/{request_intro.pk}/accept/", {}, format="json"
    )
    by_view = APIClient().get("/api/v1/console/figures/")
    assert by_view.status_code in {401, 403}
    assert by_service.json()["code"] == "permission_denied"
    assert set(by_view.json()) == {"detail", "code"}


def test_an_unknown_object_over_the_api_is_404_with_the_envelope(npo_editor):
    response = _api(npo_editor).post("/api/v1/introductions/999999/accept/", {}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_rule_about_the_state_is_400_with_its_own_code(request_intro, npo_editor):
    services.introduction_accept(introduction=request_intro, by=npo_editor)
    response = _api(npo_editor).post(
        f"/api/v1/introductions/{request_intro.pk}/accept/", {}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": response.json()["detail"], "code": "closed"}


def test_bad_input_is_400_and_names_the_field(npo_editor, npo):
    response = _api(npo_editor).post("/api/v1/introductions/", {"requester": npo.pk}, format="json")
    assert response.status_code == 400
    assert "recipient" in response.json()


def test_each_error_kind_carries_one_status_and_one_default_code():
    assert (ApplicationError("x").status_code, ApplicationError("x").code) == (400, "invalid")
    assert (NotAllowed().status_code, NotAllowed().code) == (403, "permission_denied")
    assert (NotFound().status_code, NotFound().code) == (404, "not_found")
    assert str(NotAllowed().message) == "この操作をする権限がありません"
    with translation.override("en"):
        assert str(NotAllowed().message) == "You may not do this"
