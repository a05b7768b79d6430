"""An event page puts its main action right under the title (the form itself follows the
facts, a phone screen or two further down)."""

import re

import pytest

from events.services import registration_create
from tests.helpers import make_event

pytestmark = pytest.mark.django_db


def _jump(body: str) -> str:
    found = re.search(r'<p class="event-jump">(.*?)</p>', body, re.S)
    return found.group(1) if found else ""


def test_a_member_jumps_to_the_form_from_under_the_title(client, event, npo_editor):
    client.force_login(npo_editor)
    body = client.get(f"/events/{event.pk}/").content.decode()
    assert '<a class="button" href="#register">申し込む</a>' in _jump(body)
    assert body.index('class="event-jump"') < body.index('class="event-facts"')
    assert 'id="register"' in body


def test_a_visitor_is_offered_to_log_in_to_register(client, event):
    body = client.get(f"/events/{event.pk}/").content.decode()
    assert "ログインして申し込む" in _jump(body)
    assert f"next=/events/{event.pk}/" in _jump(body)


def test_someone_registered_is_shown_their_registration(client, event, npo, npo_editor):
    registration_create(event=event, by=npo_editor, organization=npo)
    client.force_login(npo_editor)
    body = client.get(f"/events/{event.pk}/").content.decode()
    assert "申込状況を見る" in _jump(body)


def test_a_cancelled_event_offers_no_jump(client, npo_editor):
    cancelled = make_event(title="中止の会", status="cancelled")
    client.force_login(npo_editor)
    body = client.get(f"/events/{cancelled.pk}/").content.decode()
    assert _jump(body) == ""
