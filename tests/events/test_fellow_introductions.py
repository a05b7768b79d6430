"""After an event, an attending organization's member can ask for an introduction to each
other listed attendee from the event page — unless one is already open or accepted."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from events.models import Event
from events.services import registration_create
from matching.introductions import services as introductions
from matching.introductions.models import Introduction
from tests.helpers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_event(npo, npo_editor, company, company_member, chonaikai, chonaikai_owner):
    """The NPO, the company and the 町内会 attended (all listed); it ended yesterday."""
    event = make_event(days=3)
    registration_create(event=event, by=npo_editor, organization=npo)
    registration_create(event=event, by=company_member, organization=company)
    registration_create(event=event, by=chonaikai_owner, organization=chonaikai)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=1, hours=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    return event


def _request_link(org) -> str:
    return f'href="/introductions/request/?to={org.pk}"'


def _fellows_section(client, event) -> str:
    response = client.get(f"/events/{event.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(r'<section aria-labelledby="fellows-title">.*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_an_attendee_gets_a_request_link_for_each_other_attendee(
    client, past_event, npo_editor, company, chonaikai, npo
):
    client.force_login(npo_editor)
    section = _fellows_section(client, past_event)
    assert _request_link(company) in section
    assert _request_link(chonaikai) in section
    assert _request_link(npo) not in section
    assert "紹介を依頼する" in section


def test_no_request_link_while_a_request_waits_for_an_answer(
    client, past_event, npo, npo_editor, company, chonaikai
):
    introductions.introduction_request(
        requester=npo, recipient=company, by=npo_editor, message="子ども食堂の協賛のご相談"
    )
    client.force_login(npo_editor)
    section = _fellows_section(client, past_event)
    assert _request_link(company) not in section
    assert "紹介の返答待ち" in section
    assert _request_link(chonaikai) in section


def test_no_request_link_to_an_organization_already_introduced(
    client, past_event, npo, company, chonaikai, chonaikai_owner, npo_editor
):
    intro = introductions.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )
    introductions.introduction_accept(introduction=intro, by=npo_editor)
    client.force_login(npo_editor)
    section = _fellows_section(client, past_event)
    assert _request_link(chonaikai) not in section
    assert "紹介済み" in section


def test_a_declined_introduction_can_be_requested_again_from_the_event(
    client, past_event, npo, npo_editor, company, company_member
):
    intro = introductions.introduction_request(
        requester=npo, recipient=company, by=npo_editor, message="子ども食堂の協賛のご相談"
    )
    introductions.introduction_decline(introduction=intro, by=company_member, reason="no_capacity")
    client.force_login(npo_editor)
    assert _request_link(company) in _fellows_section(client, past_event)


def test_following_the_link_requests_the_introduction(client, past_event, npo, npo_editor, company):
    client.force_login(npo_editor)
    page = client.get(f"/introductions/request/?to={company.pk}").content.decode()
    assert company.name in page
    response = client.post(
        f"/introductions/request/?to={company.pk}",
        {"to": company.pk, "requester": npo.pk, "message": "交流会でお会いしました"},
    )
    assert response.status_code == 302
    intro = Introduction.objects.get()
    assert (intro.requester, intro.recipient, intro.status) == (npo, company, "requested")


def test_someone_who_did_not_attend_gets_no_request_links(client, past_event, outsider, company):
    client.force_login(outsider)
    assert _fellows_section(client, past_event) == ""
    assert _request_link(company) not in client.get(f"/events/{past_event.pk}/").content.decode()


def test_anonymous_visitors_get_no_request_links(client, past_event, company):
    page = client.get(f"/events/{past_event.pk}/").content.decode()
    assert _request_link(company) not in page
