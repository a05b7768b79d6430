"""Withdrawing a request tells the other side; the inbox and the outbox are paged."""

import pytest
from django.test import Client
from django.urls import reverse

from core.errors import ApplicationError
from matching.introductions import services
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_withdrawing_a_request_tells_the_other_side(request_intro, chonaikai_owner, npo_editor):
    services.introduction_withdraw(introduction=request_intro, by=chonaikai_owner)
    notice = npo_editor.notifications.get(kind="introduction.withdrawn")
    assert notice.title == "「片平一丁目町内会」が紹介の依頼を取り下げました"
    assert notice.url == reverse("introductions:detail", args=[request_intro.pk])
    assert not chonaikai_owner.notifications.filter(kind="introduction.withdrawn").exists()


def test_the_notice_is_in_the_recipients_language(request_intro, chonaikai_owner, npo_editor):
    npo_editor.preferred_language = "en"
    npo_editor.save()
    services.introduction_withdraw(introduction=request_intro, by=chonaikai_owner)
    title = npo_editor.notifications.get(kind="introduction.withdrawn").title
    assert title == "“片平一丁目町内会” withdrew its request for an introduction"


@pytest.mark.parametrize("who", ["npo_editor", "outsider", "company_member"])
def test_only_the_requester_withdraws_and_nobody_is_told_otherwise(request, request_intro, who):
    user = request.getfixturevalue(who)
    with pytest.raises((ApplicationError, Exception)):
        services.introduction_withdraw(introduction=request_intro, by=user)
    from core.models import Notification

    assert not Notification.objects.filter(kind="introduction.withdrawn").exists()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_is_paged(npo, npo_editor):
    for n in range(23):
        requester = OrganizationFactory(name=f"依頼元{n:02d}")
        owner = MembershipFactory(organization=requester).user
        services.introduction_request(requester=requester, recipient=npo, by=owner, message="x")
    first = _client(npo_editor).get(reverse("introductions:list"))
    assert len(first.context["introductions"]) == 20
    assert 'href="?box=inbox&amp;page=2"' in first.content.decode()
    second = _client(npo_editor).get(reverse("introductions:list"), {"page": 2})
    assert len(second.context["introductions"]) == 3


def test_the_outbox_is_paged_and_keeps_its_box(chonaikai, chonaikai_owner):
    for n in range(21):
        recipient = OrganizationFactory(name=f"依頼先{n:02d}")
        intro = services.introduction_request(
            requester=chonaikai, recipient=recipient, by=chonaikai_owner, message="x"
        )
        services.introduction_withdraw(introduction=intro, by=chonaikai_owner)  # frees the limit
    client = _client(chonaikai_owner)
    first = client.get(reverse("introductions:list"), {"box": "outbox"})
    assert len(first.context["introductions"]) == 20
    assert 'href="?box=outbox&amp;page=2"' in first.content.decode()
    second = client.get(reverse("introductions:list"), {"box": "outbox", "page": 2})
    assert len(second.context["introductions"]) == 1
