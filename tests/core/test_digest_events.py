"""The weekly digest lists the events published this week that are still ahead, with a link
to each event's page; older, past and unpublished events stay out."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core import digest
from events import services as events
from tests.factories import tag

pytestmark = pytest.mark.django_db

TITLE = "若林区 子ども食堂ネットワーク交流会"


def _draft(by, *, organization=None, days=20, title=TITLE):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return events.event_create(
        by=by,
        organization=organization,
        title=title,
        kind="exchange",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue_name="若林区中央市民センター",
        address="仙台市若林区保春院前丁3-1",
        ward=tag("area", "wakabayashi"),
        capacity=40,
    )


def _digest_for(user) -> str:
    assert digest.digest_send(user_id=user.pk) is True
    return mail.outbox[-1].body


def test_an_event_the_support_center_published_this_week_is_in_the_digest(outsider, staff):
    event = events.event_submit(event=_draft(staff), by=staff)
    body = _digest_for(outsider)
    assert TITLE in body
    assert f"/events/{event.pk}/" in body


def test_an_organizations_event_drafted_weeks_ago_and_published_today_is_in_the_digest(
    outsider, staff, npo, npo_editor
):
    with time_machine.travel(timezone.now() - dt.timedelta(days=21)):
        event = events.event_submit(
            event=_draft(npo_editor, organization=npo, days=40), by=npo_editor
        )
    events.event_publish(event=event, by=staff)
    assert TITLE in _digest_for(outsider)


def test_an_event_waiting_for_review_is_not_in_the_digest(outsider, npo, npo_editor):
    events.event_submit(event=_draft(npo_editor, organization=npo), by=npo_editor)
    assert digest.digest_send(user_id=outsider.pk) is False
    assert mail.outbox == []


def test_an_event_published_more_than_a_week_ago_is_not_in_the_digest_again(outsider, staff):
    with time_machine.travel(timezone.now() - dt.timedelta(days=10)):
        events.event_submit(event=_draft(staff, days=30), by=staff)
    assert digest.digest_send(user_id=outsider.pk) is False


def test_an_event_that_already_took_place_is_not_in_the_digest(outsider, staff):
    with time_machine.travel(timezone.now() - dt.timedelta(days=5)):
        events.event_submit(event=_draft(staff, days=1), by=staff)
    assert digest.digest_send(user_id=outsider.pk) is False
