"""The event-suggestion selectors over Event-like objects (events.Event lives on another
branch; these stand-ins have the same attributes)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.http import Http404
from django.utils import timezone

from matching.event_selectors import (
    event_suggestions_for_organization,
    invitation_suggestions_for_event,
)
from tests.factories import tag


class Tags(list):
    def all(self):
        return self


def fake_event(pk, *resources, ward="aoba", days=10):
    return SimpleNamespace(
        pk=pk,
        title=f"交流会{pk}",
        starts_at=timezone.now() + timedelta(days=days),
        status="published",
        ward=tag("area", ward),
        tags=Tags(tag("resource", r) for r in resources),
    )


def test_a_member_gets_the_events_on_their_needs_with_reasons(directory, chonaikai_owner):
    events = [fake_event(1, "successors"), fake_event(2, "legal")]
    found = event_suggestions_for_organization(
        viewer=chonaikai_owner, organization=directory["chonaikai"], events=events
    )
    assert [e.pk for e, _score, _reasons in found] == [1]
    assert found[0][2][0]["text"] == "貴団体の『担い手・後継者』の募集に関わるテーマの催しです"


def test_another_organizations_member_gets_404(directory, npo_editor):
    with pytest.raises(Http404):
        event_suggestions_for_organization(
            viewer=npo_editor, organization=directory["chonaikai"], events=[]
        )


def test_staff_get_the_organizations_worth_inviting(directory, staff):
    found = invitation_suggestions_for_event(viewer=staff, event=fake_event(1, "funding"))
    assert [o.name for o, _s, _r in found] == ["NPO法人 杜の子ども食堂", "株式会社 杜の都電機"]
    assert found[0][2][0]["text"] == "NPO法人 杜の子ども食堂は『資金・協賛』を募集しています"


def test_a_member_cannot_list_organizations_to_invite(directory, chonaikai_owner):
    with pytest.raises(Http404):
        invitation_suggestions_for_event(viewer=chonaikai_owner, event=fake_event(1, "funding"))
