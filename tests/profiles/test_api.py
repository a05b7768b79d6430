"""The directory API: reads for everyone, writes for members (and staff)."""

import pytest

from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_the_directory_api_lists_published_organizations_with_filters(client, chonaikai, npo):
    body = client.get("/api/v1/organizations/", {"kind": "npo"}).json()
    assert [row["name"] for row in body["results"]] == [npo.name]
    assert "contact_email" not in body["results"][0]


def test_an_unknown_filter_value_gets_a_clear_400(client):
    response = client.get("/api/v1/organizations/", {"kind": "spaceship"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_organization_detail_includes_its_open_listings(client, npo):
    ListingFactory(organization=npo, title="食材の寄付")
    ListingFactory(organization=npo, title="終わった募集", status="closed")
    body = client.get(f"/api/v1/organizations/{npo.pk}/").json()
    assert [x["title"] for x in body["open_listings"]] == ["食材の寄付"]
    assert body["contact"] is None


def test_a_draft_is_invisible_to_anonymous_and_outsiders_but_not_members(
    client, npo, npo_editor, outsider, staff
):
    npo.status = "pending"
    npo.save()
    url = f"/api/v1/organizations/{npo.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(npo_editor)
    assert client.get(url).status_code == 200
    client.force_login(staff)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 403), ("outsider", 403), ("chonaikai_owner", 403), ("npo_editor", 200), ("staff", 200)],
)
def test_only_members_and_staff_may_edit_a_profile(client, npo, request, persona, expected):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.patch(
        f"/api/v1/organizations/{npo.pk}/", {"district": "荒井"}, content_type="application/json"
    )
    assert response.status_code in ({expected, 401} if persona is None else {expected})


def test_a_signed_in_person_registers_an_organization_that_waits_in_review(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/api/v1/organizations/",
        {"kind": "youth_group", "name": "仙台学生まちづくり", "name_kana": "センダイガクセイ",
         "ward": "aoba", "fields": ["community-development"], "age_min": 18, "age_max": 24},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "pending"


def test_a_bad_reading_is_refused_in_the_readers_language(client, outsider):
    outsider.preferred_language = "en"
    outsider.save()
    client.force_login(outsider)
    response = client.post(
        "/api/v1/organizations/",
        {"kind": "npo", "name": "杜", "name_kana": "杜", "ward": "aoba"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "katakana" in str(response.json()["name_kana"])


def test_a_member_adds_a_listing_and_an_outsider_cannot(client, npo, npo_editor, outsider):
    payload = {"organization": npo.pk, "kind": "need", "title": "配達", "tags": ["transport"]}
    client.force_login(outsider)
    assert (
        client.post("/api/v1/listings/", payload, content_type="application/json").status_code
        == 403
    )
    client.force_login(npo_editor)
    response = client.post("/api/v1/listings/", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["moderation"] == "pending"


def test_a_listing_without_a_resource_tag_is_refused(client, npo, npo_editor):
    client.force_login(npo_editor)
    payload = {"organization": npo.pk, "kind": "need", "title": "x", "tags": ["children"]}
    response = client.post("/api/v1/listings/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "資源" in str(response.json())


def test_members_list_needs_membership(client, npo, npo_editor, outsider):
    url = f"/api/v1/organizations/{npo.pk}/members/"
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(npo_editor)
    assert [m["role"] for m in client.get(url).json()] == ["editor"]


def test_owners_invite_through_the_api_and_editors_cannot(
    client, chonaikai, chonaikai_owner, npo, npo_editor
):
    client.force_login(npo_editor)
    response = client.post(
        f"/api/v1/organizations/{npo.pk}/invitations/", {"email": "x@example.org"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    client.force_login(chonaikai_owner)
    response = client.post(
        f"/api/v1/organizations/{chonaikai.pk}/invitations/", {"email": "x@example.org"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201


def test_the_last_owner_cannot_be_demoted_through_the_api(client, chonaikai, chonaikai_owner):
    client.force_login(chonaikai_owner)
    membership = chonaikai.memberships.get()
    response = client.patch(
        f"/api/v1/organizations/{chonaikai.pk}/members/{membership.pk}/", {"role": "editor"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"] == "団体には管理者が最低1人必要です"


def test_the_schema_documents_the_directory_endpoints(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert "/api/v1/organizations/" in paths
    assert "/api/v1/listings/" in paths
