"""The spam guard (5 open outgoing requests) and the reminder / expiry beat task."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from core.errors import ApplicationError
from core.models import Notification
from matching.introductions import services, tasks
from matching.introductions.models import Introduction, Status
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _five_requests(requester, by):
    for _ in range(5):
        services.introduction_request(
            requester=requester, recipient=OrganizationFactory(), by=by, message="よろしく"
        )


def test_a_sixth_open_request_is_refused(chonaikai, chonaikai_owner):
    _five_requests(chonaikai, chonaikai_owner)
    with pytest.raises(ApplicationError, match="5"):
        services.introduction_request(
            requester=chonaikai, recipient=OrganizationFactory(), by=chonaikai_owner, message="6"
        )
    assert Introduction.objects.filter(requester=chonaikai).count() == 5


def test_an_answered_request_frees_a_place(chonaikai, chonaikai_owner):
    _five_requests(chonaikai, chonaikai_owner)
    first = Introduction.objects.filter(requester=chonaikai).first()
    services.introduction_withdraw(introduction=first, by=chonaikai_owner)
    services.introduction_request(
        requester=chonaikai, recipient=OrganizationFactory(), by=chonaikai_owner, message="6"
    )
    assert Introduction.objects.filter(requester=chonaikai, status="requested").count() == 5


def test_staff_are_exempt_from_the_limit(chonaikai, staff):
    _five_requests(chonaikai, staff)
    services.introduction_request(
        requester=chonaikai, recipient=OrganizationFactory(), by=staff, message="代理で"
    )
    assert Introduction.objects.filter(requester=chonaikai).count() == 6


def test_the_recipient_members_are_notified_of_a_request(
    chonaikai, npo, chonaikai_owner, npo_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.introduction_request(
            requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
        )
    note = Notification.objects.get(user=npo_editor, kind="introduction.requested")
    assert "片平一丁目町内会" in note.title
    assert mail.outbox[0].to == [npo_editor.email]


def test_a_request_unanswered_for_14_days_reminds_once(request_intro, npo_editor):
    with time_machine.travel(request_intro.created_at + dt.timedelta(days=14, hours=1)):
        assert tasks.remind_and_expire() == {"reminded": 1, "expired": 0}
        assert tasks.remind_and_expire() == {"reminded": 0, "expired": 0}
    reminders = Notification.objects.filter(user=npo_editor, kind="introduction.reminder")
    assert reminders.count() == 1


def test_a_request_younger_than_14_days_is_not_reminded(request_intro):
    with time_machine.travel(request_intro.created_at + dt.timedelta(days=13)):
        assert tasks.remind_and_expire() == {"reminded": 0, "expired": 0}


def test_a_request_unanswered_for_30_days_expires(request_intro, chonaikai_owner):
    with time_machine.travel(request_intro.created_at + dt.timedelta(days=30, minutes=1)):
        tasks.remind_and_expire()
    assert Introduction.objects.get(pk=request_intro.pk).status == Status.EXPIRED
    assert Notification.objects.filter(user=chonaikai_owner, kind="introduction.expired").exists()


def test_an_answered_request_never_expires(accepted_intro):
    with time_machine.travel(accepted_intro.created_at + dt.timedelta(days=40)):
        assert tasks.remind_and_expire() == {"reminded": 0, "expired": 0}
    assert Introduction.objects.get(pk=accepted_intro.pk).status == Status.ACCEPTED


def test_a_proposal_reminds_only_the_side_that_has_not_answered(
    proposal, chonaikai_owner, npo_editor
):
    services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    with time_machine.travel(proposal.created_at + dt.timedelta(days=15)):
        tasks.remind_and_expire()
    assert Notification.objects.filter(kind="introduction.reminder", user=npo_editor).exists()
    assert not Notification.objects.filter(
        kind="introduction.reminder", user=chonaikai_owner
    ).exists()


def test_every_member_of_the_recipient_is_notified(chonaikai, npo, chonaikai_owner, npo_editor):
    second = MembershipFactory(organization=npo, role="editor").user
    services.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="こんにちは"
    )
    assert {n.user for n in Notification.objects.filter(kind="introduction.requested")} == {
        npo_editor,
        second,
    }


def test_a_notification_is_written_in_the_recipients_language(chonaikai, npo, chonaikai_owner):
    english_reader = MembershipFactory(organization=npo, role="editor").user
    english_reader.preferred_language = "en"
    english_reader.save()
    services.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="こんにちは"
    )
    title = Notification.objects.get(user=english_reader).title
    assert title == "Introduction request from 片平一丁目町内会"
