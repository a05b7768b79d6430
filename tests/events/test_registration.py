import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from core.errors import ApplicationError
from core.models import Notification
from events.models import Invitation, Registration
from events.selectors import waitlist, waitlist_position
from events.services import invitation_send, registration_cancel, registration_create
from tests.factories import MembershipFactory, OrganizationFactory
from tests.helpers import make_event

pytestmark = pytest.mark.django_db


def test_a_member_registers_their_organization_and_is_confirmed(event, npo, npo_editor):
    registration = registration_create(
        event=event, by=npo_editor, organization=npo, attendees=2, attendee_names="佐藤\n鈴木"
    )
    assert registration.status == "confirmed"
    assert registration.attendees == 2


def test_someone_outside_the_organization_cannot_register_it(event, npo, outsider):
    with pytest.raises(ApplicationError, match="メンバーではありません"):
        registration_create(event=event, by=outsider, organization=npo)
    assert not Registration.objects.exists()


def test_a_person_registers_for_themselves(event, outsider):
    registration = registration_create(event=event, by=outsider)
    assert registration.organization is None
    assert registration.status == "confirmed"


def test_an_organization_cannot_register_twice(event, npo, npo_editor):
    registration_create(event=event, by=npo_editor, organization=npo)
    other_member = MembershipFactory(organization=npo, role="editor").user
    with pytest.raises(ApplicationError, match="すでに申し込んでいます"):
        registration_create(event=event, by=other_member, organization=npo)
    assert Registration.objects.count() == 1


def test_the_database_refuses_a_second_active_registration(event, npo, npo_editor):
    registration_create(event=event, by=npo_editor, organization=npo)
    with pytest.raises(IntegrityError):
        Registration.objects.create(
            event=event, organization=npo, user=npo_editor, status="waitlisted"
        )


def test_after_cancelling_the_organization_may_register_again(event, npo, npo_editor):
    first = registration_create(event=event, by=npo_editor, organization=npo)
    registration_cancel(registration=first, by=npo_editor)
    again = registration_create(event=event, by=npo_editor, organization=npo)
    assert again.status == "confirmed"


def test_beyond_capacity_registrations_wait_in_order(small_event):
    people = [OrganizationFactory() for _ in range(4)]
    members = [MembershipFactory(organization=o).user for o in people]
    results = [
        registration_create(event=small_event, by=m, organization=o, attendees=2)
        for m, o in zip(members, people, strict=True)
    ]
    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [w.pk for w in waitlist(event=small_event)] == [results[2].pk, results[3].pk]
    assert waitlist_position(registration=results[3]) == 2


def test_cancelling_promotes_the_first_waitlisted_and_tells_them(small_event):
    orgs = [OrganizationFactory() for _ in range(3)]
    members = [MembershipFactory(organization=o).user for o in orgs]
    regs = [
        registration_create(event=small_event, by=m, organization=o, attendees=2)
        for m, o in zip(members, orgs, strict=True)
    ]
    registration_cancel(registration=regs[0], by=members[0])
    regs[2].refresh_from_db()
    assert regs[2].status == "confirmed"
    assert Notification.objects.filter(user=members[2], kind="event.waitlist_promoted").count() == 1


def test_a_waitlisted_group_too_large_for_the_free_seats_lets_a_smaller_one_through(small_event):
    orgs = [OrganizationFactory() for _ in range(4)]
    members = [MembershipFactory(organization=o).user for o in orgs]
    a = registration_create(event=small_event, by=members[0], organization=orgs[0], attendees=3)
    registration_create(event=small_event, by=members[1], organization=orgs[1], attendees=1)
    big = registration_create(event=small_event, by=members[2], organization=orgs[2], attendees=3)
    small = registration_create(event=small_event, by=members[3], organization=orgs[3], attendees=1)
    assert (big.status, small.status) == ("waitlisted", "waitlisted")
    registration_cancel(registration=a, by=members[0])
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == "confirmed"
    assert small.status == "waitlisted"


def test_newcomers_do_not_jump_the_waitlist_when_a_seat_is_free(small_event):
    orgs = [OrganizationFactory() for _ in range(3)]
    members = [MembershipFactory(organization=o).user for o in orgs]
    registration_create(event=small_event, by=members[0], organization=orgs[0], attendees=3)
    waiting = registration_create(
        event=small_event, by=members[1], organization=orgs[1], attendees=2
    )
    late = registration_create(event=small_event, by=members[2], organization=orgs[2], attendees=1)
    assert waiting.status == "waitlisted"
    assert late.status == "waitlisted"


def test_more_attendees_than_the_per_organization_limit_is_refused(small_event, npo, npo_editor):
    with pytest.raises(ApplicationError, match="1団体あたりの上限は 3 人"):
        registration_create(event=small_event, by=npo_editor, organization=npo, attendees=4)
    assert not Registration.objects.exists()


def test_registration_closes_at_the_deadline(npo, npo_editor):
    event = make_event(registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ApplicationError, match="締め切られました"):
        registration_create(event=event, by=npo_editor, organization=npo)
    assert not Registration.objects.exists()


def test_registration_is_open_before_the_deadline(npo, npo_editor):
    event = make_event(registration_closes_at=timezone.now() + dt.timedelta(days=1))
    assert registration_create(event=event, by=npo_editor, organization=npo).status == "confirmed"


def test_a_cancelled_event_takes_no_registrations(npo, npo_editor):
    event = make_event(status="cancelled")
    with pytest.raises(ApplicationError, match="中止されました"):
        registration_create(event=event, by=npo_editor, organization=npo)


def test_a_draft_event_takes_no_registrations(npo, npo_editor):
    event = make_event(status="draft")
    with pytest.raises(ApplicationError, match="公開されていません"):
        registration_create(event=event, by=npo_editor, organization=npo)


def test_accommodation_requests_are_recorded(event, npo, npo_editor):
    registration = registration_create(
        event=event,
        by=npo_editor,
        organization=npo,
        accommodations=["childcare", "sign_language"],
        accommodations_note="2歳児1名",
    )
    assert registration.accommodation_labels() == ["託児", "手話通訳"]


def test_an_unknown_accommodation_is_refused(event, npo, npo_editor):
    with pytest.raises(ApplicationError, match="不明な配慮"):
        registration_create(event=event, by=npo_editor, organization=npo, accommodations=["x"])


def test_another_person_cannot_cancel_my_registration(event, outsider, company_member):
    registration = registration_create(event=event, by=outsider)
    with pytest.raises(ApplicationError):
        registration_cancel(registration=registration, by=company_member)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_registering_turns_the_invitation_registered(event, npo, npo_editor, staff):
    invitation_send(event=event, organizations=[npo], by=staff)
    registration_create(event=event, by=npo_editor, organization=npo)
    assert Invitation.objects.get(event=event, organization=npo).status == "registered"


def test_the_registrant_gets_a_confirmation_once(
    event, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=event, by=outsider)
    assert Notification.objects.filter(user=outsider, kind="event.registered").count() == 1


def test_a_refused_registration_sends_no_confirmation(
    npo, outsider, django_capture_on_commit_callbacks
):
    event = make_event(status="cancelled")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        registration_create(event=event, by=outsider)
    assert not Notification.objects.filter(kind="event.registered").exists()


def test_staff_registering_a_group_on_its_behalf_is_audit_logged(event, npo, staff):
    from core.models import AuditLog

    registration_create(event=event, by=staff, organization=npo, attendees=2)
    assert AuditLog.objects.filter(action="registration.create_on_behalf", actor=staff).exists()


def test_a_member_registering_their_own_group_leaves_no_audit_entry(event, npo, npo_editor):
    from core.models import AuditLog

    registration_create(event=event, by=npo_editor, organization=npo)
    assert not AuditLog.objects.exists()


def test_the_organizer_hears_of_an_accommodation_request(
    npo, npo_editor, outsider, django_capture_on_commit_callbacks
):
    event = make_event(organizer_org=npo)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=event, by=outsider, accommodations=["sign_language"])
    notice = Notification.objects.get(user=npo_editor, kind="event.accommodation_requested")
    assert "手話通訳" in notice.body


def test_a_registration_without_requests_does_not_bother_the_organizer(
    npo, npo_editor, outsider, django_capture_on_commit_callbacks
):
    event = make_event(organizer_org=npo)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=event, by=outsider)
    assert not Notification.objects.filter(user=npo_editor).exists()
