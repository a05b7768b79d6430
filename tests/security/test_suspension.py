"""Staff suspend an organization: it leaves the directory, its members lose its
conversations, the action is audited and the owners are told; only staff may do it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.errors import NotAllowed
from core.models import AuditLog, Notification
from matching.introductions import selectors as introduction_selectors
from matching.introductions import services as introduction_services
from matching.introductions.models import Conversation
from profiles.models import Organization
from profiles.services.organizations import organization_publish, organization_suspend

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(chonaikai, npo, chonaikai_owner, npo_editor):
    intro = introduction_services.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )
    return introduction_services.introduction_accept(introduction=intro, by=npo_editor).conversation


def test_a_suspended_organization_leaves_the_directory(staff, npo):
    organization_suspend(organization=npo, by=staff, reason="活動実態がない")
    assert not Organization.objects.published().filter(pk=npo.pk).exists()


def test_suspending_is_audited_with_the_reason(staff, npo):
    organization_suspend(organization=npo, by=staff, reason="活動実態がない")
    entry = AuditLog.objects.get(action="organization.suspend", target_id=str(npo.pk))
    assert entry.actor == staff
    assert (entry.before["status"], entry.after["status"]) == ("published", "suspended")
    assert entry.note == "活動実態がない"


def test_the_owners_are_told_why(staff, chonaikai, chonaikai_owner):
    organization_suspend(organization=chonaikai, by=staff, reason="規約違反")
    notice = Notification.objects.get(user=chonaikai_owner, kind="profiles.suspended")
    assert notice.body == "規約違反"


def test_a_suspension_needs_a_reason(staff, npo):
    with pytest.raises(ValidationError):
        organization_suspend(organization=npo, by=staff, reason="  ")
    npo.refresh_from_db()
    assert npo.status == "published"


@pytest.mark.parametrize("who", ["chonaikai_owner", "npo_editor", "outsider"])
def test_only_staff_may_suspend(request, npo, who):
    with pytest.raises(NotAllowed):
        organization_suspend(organization=npo, by=request.getfixturevalue(who), reason="理由")
    npo.refresh_from_db()
    assert npo.status == "published"


def test_the_suspended_sides_members_lose_the_conversation_the_other_side_keeps_it(
    staff, npo, conversation, npo_editor, chonaikai_owner
):
    organization_suspend(organization=npo, by=staff, reason="規約違反")
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert not npo_editor.has_perm("introductions.view_conversation", conversation)
    assert introduction_selectors.conversation_get(viewer=npo_editor, pk=conversation.pk) is None
    assert not introduction_selectors.conversation_list(viewer=npo_editor).exists()
    assert chonaikai_owner.has_perm("introductions.view_conversation", conversation)


def test_publishing_again_lifts_the_suspension(staff, npo, conversation, npo_editor):
    organization_suspend(organization=npo, by=staff, reason="規約違反")
    organization_publish(organization=npo, by=staff)
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert npo_editor.has_perm("introductions.view_conversation", conversation)


def test_staff_suspend_from_the_console_with_a_reason(client, staff, npo):
    client.force_login(staff)
    url = reverse("console:curate_review", args=[npo.pk])
    response = client.post(url, {"action": "suspend", "comment": "活動実態がない"})
    assert response.status_code == 302
    npo.refresh_from_db()
    assert npo.status == "suspended"


def test_the_console_refuses_a_suspension_without_a_reason(client, staff, npo):
    client.force_login(staff)
    response = client.post(reverse("console:curate_review", args=[npo.pk]), {"action": "suspend"})
    assert response.status_code == 400
    assert "停止の理由を書いてください" in response.content.decode()
    npo.refresh_from_db()
    assert npo.status == "published"


def test_a_suspended_organization_cannot_request_an_introduction(staff, npo, npo_editor, chonaikai):
    from core.errors import ApplicationError
    from matching.introductions.models import Introduction

    organization_suspend(organization=npo, by=staff, reason="規約違反")
    npo.refresh_from_db()
    with pytest.raises(ApplicationError, match="掲載が停止されている団体"):
        introduction_services.introduction_request(
            requester=npo, recipient=chonaikai, by=npo_editor, message="ご一緒に"
        )
    assert not Introduction.objects.exists()
