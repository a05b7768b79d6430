"""Console test helpers. Data from other apps is made through their real services (profiles,
events, introductions), with time_machine where a service stamps the time itself."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

TOKYO = ZoneInfo("Asia/Tokyo")


def at(*args) -> datetime:
    """A moment in Sendai: at(2026, 5, 10) or at(2026, 5, 10, 9, 30)."""
    return datetime(*args, tzinfo=TOKYO)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def member_client(client, chonaikai_owner):
    client.force_login(chonaikai_owner)
    return client


def backdate(obj, **fields):
    """Set auto_now_add / auto_now fields of profiles rows, which save() would overwrite."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    obj.refresh_from_db()
    return obj


def member_of(organization):
    """A person who may act for the organization (its owner)."""
    from tests.factories import MembershipFactory

    return MembershipFactory(organization=organization, role="owner").user


def request_introduction(requester, recipient, *, when=None, message="一緒に活動しませんか"):
    """An introduction requested through the service, at `when` if given."""
    from matching.introductions import services

    by = member_of(requester)
    with time_machine.travel(when or datetime.now(TOKYO), tick=False):
        return services.introduction_request(
            requester=requester, recipient=recipient, by=by, message=message
        )


def answer(introduction, *, accept=True, when=None, reason="too_far"):
    """The recipient answers a requested introduction, at `when` if given."""
    from matching.introductions import services

    by = member_of(introduction.recipient)
    with time_machine.travel(when or datetime.now(TOKYO), tick=False):
        if accept:
            return services.introduction_accept(introduction=introduction, by=by)
        return services.introduction_decline(introduction=introduction, by=by, reason=reason)


def register(event, organization, *, attendees=1, by=None, accommodations=None):
    """A member registers the organization, a week before the event starts."""
    from events import services

    with time_machine.travel(event.starts_at - timedelta(days=6), tick=False):
        return services.registration_create(
            event=event,
            by=by or member_of(organization),
            organization=organization,
            attendees=attendees,
            accommodations=accommodations or [],
        )
