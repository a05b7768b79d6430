"""Acceptance opens a conversation; messages are stored, counted unread, paged, and reach every
member of both organizations."""

import pytest

from core.errors import ApplicationError
from core.models import Notification
from matching.introductions import selectors, services
from matching.introductions.models import Conversation
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_accepting_opens_one_conversation(accepted_intro):
    assert Conversation.objects.filter(introduction=accepted_intro).count() == 1


def test_a_declined_request_opens_no_conversation(request_intro, npo_editor):
    services.introduction_decline(introduction=request_intro, by=npo_editor, reason="other")
    assert not Conversation.objects.exists()


def test_a_half_accepted_proposal_opens_no_conversation(proposal, chonaikai_owner):
    services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    assert not Conversation.objects.exists()


def test_a_message_is_stored_with_the_authors_organization(conversation, npo_editor, npo):
    message = services.message_post(conversation=conversation, by=npo_editor, body=" はじめまして ")
    assert message.body == "はじめまして"
    assert message.organization == npo


def test_an_empty_message_is_refused(conversation, npo_editor):
    with pytest.raises(ApplicationError):
        services.message_post(conversation=conversation, by=npo_editor, body="   ")
    assert not conversation.messages.exists()


def test_another_organizations_member_cannot_post(conversation, company_member):
    with pytest.raises(ApplicationError):
        services.message_post(conversation=conversation, by=company_member, body="割り込み")
    assert not conversation.messages.exists()


def test_staff_cannot_post_in_a_conversation_they_did_not_broker(conversation, staff):
    with pytest.raises(ApplicationError):
        services.message_post(conversation=conversation, by=staff, body="こんにちは")


def test_staff_post_in_a_curated_conversation_as_the_support_center(curated_conversation, staff):
    message = services.message_post(
        conversation=curated_conversation, by=staff, body="ご紹介します"
    )
    assert message.organization is None


def test_unread_counts_what_others_wrote_since_i_last_read(
    conversation, chonaikai_owner, npo_editor
):
    services.message_post(conversation=conversation, by=npo_editor, body="一通目")
    services.message_post(conversation=conversation, by=npo_editor, body="二通目")
    mine = selectors.conversation_list(viewer=chonaikai_owner).get()
    theirs = selectors.conversation_list(viewer=npo_editor).get()
    assert mine.unread == 2
    assert theirs.unread == 0


def test_reading_clears_the_unread_count(conversation, chonaikai_owner, npo_editor):
    services.message_post(conversation=conversation, by=npo_editor, body="一通目")
    services.conversation_mark_read(conversation=conversation, user=chonaikai_owner)
    assert selectors.conversation_list(viewer=chonaikai_owner).get().unread == 0


def test_a_message_notifies_every_member_of_the_other_organization_once_per_unread_streak(
    conversation, chonaikai, chonaikai_owner, npo_editor
):
    colleague = MembershipFactory(organization=chonaikai, role="editor").user
    services.message_post(conversation=conversation, by=npo_editor, body="一通目")
    services.message_post(conversation=conversation, by=npo_editor, body="二通目")
    kinds = Notification.objects.filter(kind="conversation.message")
    assert sorted(n.user_id for n in kinds) == sorted([chonaikai_owner.pk, colleague.pk])
    services.conversation_mark_read(conversation=conversation, user=chonaikai_owner)
    services.message_post(conversation=conversation, by=npo_editor, body="三通目")
    assert kinds.filter(user=chonaikai_owner).count() == 2


def test_history_pages_back_from_the_newest(conversation, npo_editor):
    for i in range(35):
        services.message_post(conversation=conversation, by=npo_editor, body=f"m{i}")
    rows, more = selectors.message_page(conversation=conversation)
    assert [m.body for m in rows][-1] == "m34"
    assert len(rows) == 30
    assert more
    older, more = selectors.message_page(conversation=conversation, before_id=rows[0].pk)
    assert [m.body for m in older] == [f"m{i}" for i in range(5)]
    assert not more


def test_conversation_list_shows_only_my_conversations(conversation, company_member, staff):
    assert not selectors.conversation_list(viewer=company_member).exists()
    assert not selectors.conversation_list(viewer=staff).exists()


def test_reading_a_conversation_clears_its_message_notifications(
    conversation, chonaikai_owner, npo_editor
):
    services.message_post(conversation=conversation, by=npo_editor, body="一通目")
    unread = chonaikai_owner.notifications.filter(kind="conversation.message", read_at__isnull=True)
    assert unread.count() == 1
    services.conversation_mark_read(conversation=conversation, user=chonaikai_owner)
    assert unread.count() == 0
