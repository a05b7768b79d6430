"""The curator's invite page shows the matcher's proposals with reasons; one click invites one,
another invites them all, through the events invite view (its rules, unchanged)."""

import pytest

from events.models import Invitation
from tests.helpers import publish_event


@pytest.fixture
def event(directory, staff):
    return publish_event(staff, "funding", title="地域の資金づくり講座", kind="lecture")


def url(event):
    return f"/events/{event.pk}/invite/"


def test_the_curator_sees_proposed_organizations_with_reasons(client, event, staff):
    client.force_login(staff)
    page = client.get(url(event)).content.decode()
    assert "おすすめの招待先" in page
    # Each reason quotes the organization's listing and what ties it to the event.
    assert (
        "NPO法人 杜の子ども食堂の募集『食材費のご支援』が催しのテーマに合っています"
        "（どちらも『資金・協賛』）"
    ) in page
    assert (
        "株式会社 杜の都電機の提供『地域活動への協賛』を催しに生かせます（どちらも『資金・協賛』"
    ) in page


def test_one_click_invites_one_proposed_organization(client, event, staff, npo):
    client.force_login(staff)
    response = client.post(url(event), {"organization": npo.pk, "candidate": [npo.pk]})
    assert response.status_code == 302
    assert list(Invitation.objects.values_list("organization_id", flat=True)) == [npo.pk]


def test_invite_all_invites_every_proposed_organization(client, event, staff, npo, company):
    client.force_login(staff)
    client.post(url(event), {"invite_all": "1", "candidate": [npo.pk, company.pk]})
    assert set(Invitation.objects.values_list("organization_id", flat=True)) == {
        npo.pk,
        company.pk,
    }


def test_invited_organizations_leave_the_proposals(client, event, staff, npo):
    client.force_login(staff)
    client.post(url(event), {"organization": npo.pk})
    page = client.get(url(event)).content.decode()
    assert "NPO法人 杜の子ども食堂の募集『食材費のご支援』" not in page
    assert "株式会社 杜の都電機の提供『地域活動への協賛』" in page


def test_an_event_nobody_fits_says_so(client, directory, staff):
    event = publish_event(staff, "legal", title="法律講座")
    client.force_login(staff)
    assert "いま招待をおすすめできる団体はありません" in client.get(url(event)).content.decode()


def test_members_cannot_open_the_invite_page(client, event, chonaikai_owner):
    client.force_login(chonaikai_owner)
    assert client.get(url(event)).status_code in {403, 404}


def test_htmx_searches_do_not_recompute_the_proposals(client, event, staff):
    client.force_login(staff)
    partial = client.get(url(event) + "?q=NPO", HTTP_HX_REQUEST="true").content.decode()
    assert "おすすめの招待先" not in partial


def test_a_note_typed_with_the_proposals_goes_with_the_invitation(client, event, staff, npo):
    client.force_login(staff)
    client.post(url(event), {"organization": npo.pk, "reason": "資金づくりの講座です"})
    assert Invitation.objects.get().reason == "資金づくりの講座です"
