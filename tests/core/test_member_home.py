"""The home page greets a signed-in member with their organization's own overview."""

import pytest

from matching.introductions.services import introduction_request
from matching.services import suggestions_rebuild
from tests.factories import ListingFactory, MembershipFactory, tag

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_the_introduction_to_tsunagu(client):
    html = client.get("/").content.decode()
    assert '<h1 id="hero-title">' in html
    assert "のページ" not in html


def test_a_member_sees_suggestions_with_reasons_and_a_waiting_introduction(
    client, chonaikai, chonaikai_owner, npo, npo_editor
):
    volunteers = tag("resource", "volunteers")
    ListingFactory(organization=chonaikai, kind="need", tags=[volunteers])
    ListingFactory(organization=npo, kind="offer", tags=[volunteers])
    suggestions_rebuild()
    introduction_request(by=npo_editor, requester=npo, recipient=chonaikai, message="はじめまして")

    client.force_login(chonaikai_owner)
    html = client.get("/").content.decode()
    assert "片平一丁目町内会 のページ" in html
    assert "NPO法人 杜の子ども食堂" in html
    assert "『人手・ボランティア』" in html
    assert "<strong>1</strong> 件の紹介が返答を待っています" in html


def test_another_organizations_member_sees_none_of_it(client, chonaikai, npo, company_member):
    volunteers = tag("resource", "volunteers")
    ListingFactory(organization=chonaikai, kind="need", tags=[volunteers])
    ListingFactory(organization=npo, kind="offer", tags=[volunteers])
    suggestions_rebuild()
    client.force_login(company_member)
    html = client.get("/").content.decode()
    assert "株式会社 杜の都電機 のページ" in html
    assert "NPO法人 杜の子ども食堂" not in html
    assert "<strong>0</strong> 件の紹介が返答を待っています" in html


def test_a_person_without_an_organization_is_told_how_to_join(client, outsider):
    client.force_login(outsider)
    html = client.get("/").content.decode()
    assert "まだ団体に所属していません" in html
    assert "/organizations/new/" in html


def test_the_overview_is_english_for_an_english_reader(client, chonaikai, chonaikai_owner):
    chonaikai_owner.preferred_language = "en"
    chonaikai_owner.save()
    client.force_login(chonaikai_owner)
    html = client.get("/").content.decode()
    assert "Your upcoming events" in html
    assert "introductions waiting for your answer" in html


def test_membership_is_what_decides_the_overview(client, chonaikai, outsider):
    MembershipFactory(user=outsider, organization=chonaikai, role="editor")
    client.force_login(outsider)
    assert "片平一丁目町内会 のページ" in client.get("/").content.decode()
