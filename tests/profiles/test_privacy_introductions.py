"""Contact details and introductions: an accepted introduction reveals both sides' contacts to
each other's members — on the organization page and in the API — and nothing else does
(a request waiting for an answer, a declined one, a proposal only one side accepted)."""

import pytest

from matching.introductions import services as introductions
from profiles.selectors import can_see_contact, contact_visible_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_to_npo(chonaikai, npo, chonaikai_owner, npo_editor):
    """The 町内会 asks to be introduced to the NPO (npo_editor can answer)."""
    return introductions.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )


@pytest.fixture
def accepted(request_to_npo, npo_editor):
    return introductions.introduction_accept(introduction=request_to_npo, by=npo_editor)


def _page(client, org) -> str:
    response = client.get(f"/organizations/{org.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _api_contact(client, org):
    response = client.get(f"/api/v1/organizations/{org.pk}/")
    assert response.status_code == 200
    return response.json()["contact"]


def test_the_requester_sees_the_recipients_contact_on_the_page_after_acceptance(
    client, accepted, npo, chonaikai_owner
):
    client.force_login(chonaikai_owner)
    body = _page(client, npo)
    assert npo.contact_email in body
    assert npo.contact_phone in body


def test_the_requester_gets_the_recipients_contact_from_the_api_after_acceptance(
    client, accepted, npo, chonaikai_owner
):
    client.force_login(chonaikai_owner)
    assert _api_contact(client, npo) == {"email": npo.contact_email, "phone": npo.contact_phone}


def test_the_recipient_sees_the_requesters_contact_too(client, accepted, chonaikai, npo_editor):
    client.force_login(npo_editor)
    assert chonaikai.contact_email in _page(client, chonaikai)
    assert _api_contact(client, chonaikai)["phone"] == chonaikai.contact_phone


def test_a_request_waiting_for_an_answer_reveals_no_contact(
    client, request_to_npo, npo, chonaikai, chonaikai_owner, npo_editor
):
    client.force_login(chonaikai_owner)
    body = _page(client, npo)
    assert npo.contact_email not in body
    assert npo.contact_phone not in body
    assert _api_contact(client, npo) is None
    client.force_login(npo_editor)
    assert chonaikai.contact_email not in _page(client, chonaikai)


def test_a_declined_request_reveals_no_contact(
    client, request_to_npo, npo, npo_editor, chonaikai_owner
):
    introductions.introduction_decline(
        introduction=request_to_npo, by=npo_editor, reason="no_capacity"
    )
    client.force_login(chonaikai_owner)
    assert npo.contact_email not in _page(client, npo)
    assert _api_contact(client, npo) is None


def test_a_proposal_accepted_by_one_side_only_reveals_no_contact(
    client, chonaikai, npo, chonaikai_owner, npo_editor, staff
):
    proposal = introductions.introduction_propose(
        organization_a=chonaikai, organization_b=npo, by=staff, note="子ども食堂と町内会の連携に"
    )
    introductions.introduction_accept(introduction=proposal, by=chonaikai_owner)
    client.force_login(chonaikai_owner)
    assert _api_contact(client, npo) is None
    introductions.introduction_accept(introduction=proposal, by=npo_editor)
    assert _api_contact(client, npo)["email"] == npo.contact_email


def test_a_third_organizations_member_sees_neither_side_of_an_accepted_introduction(
    client, accepted, chonaikai, npo, company_member
):
    client.force_login(company_member)
    for org in (chonaikai, npo):
        body = _page(client, org)
        assert org.contact_email not in body
        assert org.contact_phone not in body
        assert _api_contact(client, org) is None


def test_the_bulk_rule_includes_introduced_organizations_like_the_single_rule(
    accepted, chonaikai, npo, company, chonaikai_owner, company_member
):
    assert contact_visible_ids(chonaikai_owner) == {chonaikai.pk, npo.pk}
    assert can_see_contact(chonaikai_owner, npo)
    assert contact_visible_ids(company_member) == {company.pk}
    assert not can_see_contact(company_member, npo)


def test_the_public_scan_still_finds_no_contact_when_introductions_exist(
    client, accepted, chonaikai, npo, company
):
    from tests.profiles.test_privacy import _public_urls

    contacts = [v for o in (chonaikai, npo, company) for v in (o.contact_email, o.contact_phone)]
    for url in _public_urls([chonaikai, npo, company]):
        body = client.get(url).content.decode("utf-8-sig")
        assert [c for c in contacts if c and c in body] == [], url
