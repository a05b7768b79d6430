"""Event suggestions over real events (made through events.services): which upcoming events an
organization is shown, and which organizations a curator is proposed to invite."""

import pytest
from django.http import Http404

from events import services as events
from matching.event_selectors import (
    event_suggestions_for_organization,
    invitation_suggestions_for_event,
)
from tests.helpers import publish_event


def suggested_events(viewer, organization):
    found = event_suggestions_for_organization(viewer=viewer, organization=organization)
    return [e.pk for e, _score, _reasons in found]


def invitees(viewer, event):
    return [o.name for o, _s, _r in invitation_suggestions_for_event(viewer=viewer, event=event)]


def test_a_member_gets_the_events_on_their_needs_with_reasons(directory, chonaikai_owner, staff):
    wanted = publish_event(staff, "successors")
    publish_event(staff, "legal")
    found = event_suggestions_for_organization(
        viewer=chonaikai_owner, organization=directory["chonaikai"]
    )
    assert [e.pk for e, _score, _reasons in found] == [wanted.pk]
    assert found[0][2][0]["text"] == (
        "貴団体の募集『夏祭りの担い手募集』に関わるテーマの催しです（どちらも『担い手・後継者』）"
    )


def test_reasons_can_be_asked_for_in_english(directory, chonaikai_owner, staff):
    publish_event(staff, "successors")
    [(_event, _score, reasons)] = event_suggestions_for_organization(
        viewer=chonaikai_owner, organization=directory["chonaikai"], lang="en"
    )
    assert reasons[0]["text"] == (
        "Its theme meets your need “夏祭りの担い手募集” (both “Leaders and successors”)."
    )


def test_draft_events_are_not_suggested(directory, chonaikai_owner, staff):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import tags

    start = timezone.now() + dt.timedelta(days=10)
    events.event_create(
        by=staff, title="下書き", kind="exchange", tags=tags("resource", "successors"),
        starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=10,
    )  # fmt: skip
    assert suggested_events(chonaikai_owner, directory["chonaikai"]) == []


def test_cancelled_events_are_not_suggested(directory, chonaikai_owner, staff):
    event = publish_event(staff, "successors")
    events.event_cancel(event=event, by=staff, reason="台風のため")
    assert suggested_events(chonaikai_owner, directory["chonaikai"]) == []


def test_events_whose_registration_has_closed_are_not_suggested(directory, chonaikai_owner, staff):
    from django.utils import timezone

    publish_event(staff, "successors", registration_closes_at=timezone.now())
    assert suggested_events(chonaikai_owner, directory["chonaikai"]) == []


def test_events_the_organization_registered_for_are_not_suggested_again(
    directory, chonaikai_owner, staff
):
    event = publish_event(staff, "successors")
    events.registration_create(
        event=event, organization=directory["chonaikai"], by=chonaikai_owner, attendees=2
    )
    assert suggested_events(chonaikai_owner, directory["chonaikai"]) == []


def test_an_organizations_own_event_is_not_suggested_to_it(directory, chonaikai_owner, staff):
    publish_event(chonaikai_owner, "successors", organization=directory["chonaikai"])
    assert suggested_events(chonaikai_owner, directory["chonaikai"]) == []


def test_events_beyond_the_horizon_are_not_suggested(directory, chonaikai_owner, staff):
    publish_event(staff, "successors", days=200)
    assert suggested_events(chonaikai_owner, directory["chonaikai"]) == []


def test_another_organizations_member_gets_404(directory, npo_editor):
    with pytest.raises(Http404):
        event_suggestions_for_organization(viewer=npo_editor, organization=directory["chonaikai"])


def test_staff_get_the_organizations_worth_inviting(directory, staff):
    event = publish_event(staff, "funding")
    assert invitees(staff, event) == ["NPO法人 杜の子ども食堂", "株式会社 杜の都電機"]
    found = invitation_suggestions_for_event(viewer=staff, event=event)
    assert found[0][2][0]["text"] == (
        "NPO法人 杜の子ども食堂の募集『食材費のご支援』が催しのテーマに合っています"
        "（どちらも『資金・協賛』）"
    )


def test_organizations_already_invited_are_not_proposed_again(directory, staff):
    event = publish_event(staff, "funding")
    events.invitation_send(event=event, organizations=[directory["npo"]], by=staff)
    assert invitees(staff, event) == ["株式会社 杜の都電機"]


def test_organizations_already_registered_are_not_proposed(directory, staff, company_member):
    event = publish_event(staff, "funding")
    events.registration_create(
        event=event, organization=directory["company"], by=company_member, attendees=1
    )
    assert invitees(staff, event) == ["NPO法人 杜の子ども食堂"]


def test_the_organizer_is_not_proposed_for_its_own_event(directory, npo_editor):
    event = publish_event(npo_editor, "funding", organization=directory["npo"])
    from tests.factories import UserFactory

    assert invitees(UserFactory(is_staff=True), event) == ["株式会社 杜の都電機"]


def test_an_event_about_nothing_anyone_does_proposes_nobody(directory, staff):
    assert invitees(staff, publish_event(staff, "legal")) == []


def test_a_member_cannot_list_organizations_to_invite(directory, chonaikai_owner, staff):
    event = publish_event(staff, "funding")
    with pytest.raises(Http404):
        invitation_suggestions_for_event(viewer=chonaikai_owner, event=event)


def test_staff_are_shown_an_organization_whose_listing_says_what_the_event_is_about(
    directory, staff
):
    from profiles.models import Listing
    from profiles.services.reindex import listing_reindex

    for listing in Listing.objects.all():  # the factories skip the search keys the services write
        listing_reindex(listing=listing)
    event = publish_event(staff, "legal", title="子ども食堂の配膳ボランティア講習")
    found = invitation_suggestions_for_event(viewer=staff, event=event)
    names = [o.name for o, _s, _r in found]
    # The NPO that needs exactly that first; the lab whose students offer to help there too.
    assert names[0] == "NPO法人 杜の子ども食堂"
    assert "東北みらい大学 地域連携研究室" in names
    assert "片平一丁目町内会" not in names
    assert found[0][2][0]["text"] == (
        "NPO法人 杜の子ども食堂の募集『子ども食堂の配膳ボランティア』が催しのテーマに合っています"
        "（共通の言葉「食堂・配膳・ボランティア」）"
    )


def test_a_member_is_shown_an_event_whose_text_meets_their_need_under_another_tag(
    directory, chonaikai_owner, staff
):
    wanted = publish_event(staff, "legal", title="夏祭りの担い手を育てる講座")
    assert suggested_events(chonaikai_owner, directory["chonaikai"]) == [wanted.pk]
