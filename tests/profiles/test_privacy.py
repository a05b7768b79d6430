"""Contact details: members, staff and introduced organizations only. Scans every public face."""

import pytest

from profiles.selectors import can_see_contact
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(chonaikai, npo, company):
    from profiles.services.reindex import organization_reindex

    for org in (chonaikai, npo, company):
        ListingFactory(organization=org, title=f"{org.name}の募集")
        organization_reindex(organization=org)
    return [v for org in (chonaikai, npo, company) for v in (org.contact_email, org.contact_phone)]


def _public_urls(orgs):
    urls = [
        "/directory/",
        "/directory/?q=こども",
        "/directory/listings/?q=募集",
        "/directory/listings/",
        "/directory/export/organizations.csv",
        "/directory/export/listings.csv",
        "/api/v1/organizations/",
        "/api/v1/organizations/?q=町内会",
        "/api/v1/listings/",
        "/api/v1/listings/?q=募集",
    ]
    for org in orgs:
        urls += [f"/organizations/{org.pk}/", f"/api/v1/organizations/{org.pk}/"]
    return urls


def test_no_public_page_api_response_or_export_shows_a_contact(
    client, contacts, chonaikai, npo, company
):
    for url in _public_urls([chonaikai, npo, company]):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        leaked = [c for c in contacts if c and c in body]
        assert leaked == [], f"{url} shows {leaked}"


def test_another_organizations_member_does_not_see_contacts_either(
    client, contacts, chonaikai, npo, company, chonaikai_owner
):
    client.force_login(chonaikai_owner)
    for url in _public_urls([npo, company]):
        body = client.get(url).content.decode("utf-8-sig")
        assert npo.contact_email not in body, url
        assert npo.contact_phone not in body, url


def test_members_see_their_own_contacts_on_the_page_and_api(client, npo, npo_editor):
    client.force_login(npo_editor)
    assert npo.contact_email in client.get(f"/organizations/{npo.pk}/").content.decode()
    assert client.get(f"/api/v1/organizations/{npo.pk}/").json()["contact"]["email"] == (
        npo.contact_email
    )


def test_staff_see_contacts(client, npo, staff):
    client.force_login(staff)
    assert npo.contact_phone in client.get(f"/organizations/{npo.pk}/").content.decode()


def test_the_rule_by_role(npo, npo_editor, chonaikai_owner, outsider, staff):
    from django.contrib.auth.models import AnonymousUser

    assert can_see_contact(npo_editor, npo)
    assert can_see_contact(staff, npo)
    assert not can_see_contact(chonaikai_owner, npo)
    assert not can_see_contact(outsider, npo)
    assert not can_see_contact(AnonymousUser(), npo)


def test_the_bulk_rule_for_exports_agrees_with_the_single_rule(npo, npo_editor, chonaikai, staff):
    from profiles.selectors import contact_visible_ids

    assert contact_visible_ids(npo_editor) == {npo.pk}
    assert contact_visible_ids(staff) is None
    assert can_see_contact(npo_editor, npo)
    assert not can_see_contact(npo_editor, chonaikai)


def test_a_member_export_shows_only_their_own_contacts(client, npo, npo_editor, chonaikai):
    client.force_login(npo_editor)
    body = client.get("/directory/export/organizations.csv").content.decode("utf-8-sig")
    assert npo.contact_email in body
    assert chonaikai.contact_email not in body
