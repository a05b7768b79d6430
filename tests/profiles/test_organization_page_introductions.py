"""The organization page and introductions: members of other organizations can ask for an
introduction from it, and it lists the collaborations (協働) both sides agreed to show."""

import datetime as dt

import pytest

from matching.introductions import services as introductions

pytestmark = pytest.mark.django_db


def _page(client, org) -> str:
    response = client.get(f"/organizations/{org.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _request_link(org) -> str:
    return f'href="/introductions/request/?to={org.pk}"'


# --- "request an introduction" ------------------------------------------------------------------


def test_a_member_of_another_organization_can_ask_for_an_introduction(client, npo, chonaikai_owner):
    client.force_login(chonaikai_owner)
    page = _page(client, npo)
    assert _request_link(npo) in page
    assert "紹介を依頼する" in page


def test_the_organizations_own_member_is_not_offered_an_introduction_to_it(client, npo, npo_editor):
    client.force_login(npo_editor)
    assert _request_link(npo) not in _page(client, npo)


def test_anonymous_visitors_are_not_offered_an_introduction(client, npo):
    assert _request_link(npo) not in _page(client, npo)


def test_someone_without_an_organization_is_not_offered_an_introduction(client, npo, outsider):
    client.force_login(outsider)
    assert _request_link(npo) not in _page(client, npo)


def test_a_waiting_request_replaces_the_link_with_its_state(
    client, chonaikai, npo, chonaikai_owner
):
    introductions.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )
    client.force_login(chonaikai_owner)
    page = _page(client, npo)
    assert _request_link(npo) not in page
    assert "返答待ち" in page


def test_after_acceptance_the_page_points_to_the_conversation_not_a_new_request(
    client, chonaikai, npo, chonaikai_owner, npo_editor
):
    intro = introductions.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )
    introductions.introduction_accept(introduction=intro, by=npo_editor)
    client.force_login(npo_editor)
    page = _page(client, chonaikai)
    assert _request_link(chonaikai) not in page
    assert 'href="/introductions/conversations/"' in page


# --- collaborations -----------------------------------------------------------------------------


@pytest.fixture
def collaboration(chonaikai, npo, chonaikai_owner, npo_editor):
    intro = introductions.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )
    introductions.introduction_accept(introduction=intro, by=npo_editor)
    return introductions.collaboration_record(
        by=chonaikai_owner,
        organization=chonaikai,
        partner=npo,
        title="片平こども防災キャンプ",
        own_brings="集会所と地域の見守り",
        partner_brings="子ども向けの炊き出し",
        started_on=dt.date(2026, 8, 1),
        show=True,
    )


def test_a_collaboration_both_sides_agreed_to_show_appears_on_both_pages(
    client, collaboration, chonaikai, npo, npo_editor
):
    introductions.collaboration_set_visibility(
        collaboration=collaboration, by=npo_editor, organization=npo, show=True
    )
    for org, partner in ((chonaikai, npo), (npo, chonaikai)):
        page = _page(client, org)
        assert "協働の実績" in page
        assert "片平こども防災キャンプ" in page
        assert partner.name in page


def test_a_collaboration_only_one_side_agreed_to_show_stays_off_the_pages(
    client, collaboration, chonaikai, npo
):
    assert "片平こども防災キャンプ" not in _page(client, chonaikai)
    assert "片平こども防災キャンプ" not in _page(client, npo)
