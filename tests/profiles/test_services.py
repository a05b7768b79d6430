"""Organizations, members, listings and moderation through the services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import ApplicationError
from core.models import AuditLog, Notification
from profiles.models import Listing, Membership, Organization
from profiles.services.listings import listing_create, listing_publish, listings_expire
from profiles.services.membership import (
    acting_organization_set,
    invitation_accept,
    invitation_create,
    membership_change_role,
    membership_remove,
    ownership_handover,
)
from profiles.services.organizations import (
    organization_confirm,
    organization_create,
    organization_publish,
    organization_return,
    organization_update,
    organization_verify,
    organizations_flag_stale,
)
from tests.factories import UserFactory, tag, tags

pytestmark = pytest.mark.django_db


def test_a_new_profile_waits_in_review_and_its_creator_owns_it(make_org, outsider):
    org = make_org(by=outsider)
    assert org.status == "pending"
    assert org.memberships.get().user == outsider
    assert org.memberships.get().role == "owner"


def test_staff_create_a_proxy_profile_published_at_once_and_audited(make_org, staff):
    org = organization_create(
        by=staff, proxy=True, kind="neighborhood_association", name="秋保町内会",
        name_kana="アキウチョウナイカイ", ward=tag("area", "akiu-branch"),
    )  # fmt: skip
    assert org.status == "published"
    assert org.managed_by_staff
    assert not org.memberships.exists()
    assert AuditLog.objects.filter(action="organization.create_proxy", target_id=str(org.pk))


def test_a_non_staff_person_cannot_create_a_proxy_profile(outsider):
    with pytest.raises(ApplicationError):
        organization_create(
            by=outsider, proxy=True, kind="npo", name="x", name_kana="エックス",
            ward=tag("area", "aoba"),
        )  # fmt: skip


def test_an_outsider_cannot_update_someone_elses_profile(chonaikai, outsider):
    with pytest.raises(ApplicationError):
        organization_update(organization=chonaikai, by=outsider, name="乗っ取り")
    chonaikai.refresh_from_db()
    assert chonaikai.name == "片平一丁目町内会"


def test_an_editor_updates_the_profile_and_history_keeps_the_old_name(npo, npo_editor):
    organization_update(organization=npo, by=npo_editor, name="杜の子ども食堂ネット")
    names = list(npo.history.order_by("history_date").values_list("name", flat=True))
    assert names[-1] == "杜の子ども食堂ネット"
    assert "NPO法人 杜の子ども食堂" in names


def test_staff_edits_are_audit_logged(npo, staff):
    organization_update(organization=npo, by=staff, description="職員が修正")
    assert AuditLog.objects.filter(action="organization.edit", actor=staff).exists()


def test_changes_tell_the_matcher_after_commit(
    npo, npo_editor, captured_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization_update(organization=npo, by=npo_editor, district="荒井")
    assert ("changed", npo.pk, "organization.updated") in captured_signals


def test_publish_and_return_are_staff_actions_with_audit_and_notice(make_org, outsider, staff):
    org = make_org(by=outsider)
    organization_return(organization=org, by=staff, comment="紹介文を詳しく")
    org.refresh_from_db()
    assert org.status == "returned"
    assert org.review_comment == "紹介文を詳しく"
    assert Notification.objects.filter(user=outsider, kind="profiles.returned").exists()
    organization_publish(organization=org, by=staff)
    org.refresh_from_db()
    assert org.status == "published"
    assert AuditLog.objects.filter(target_id=str(org.pk)).count() == 2


def test_returning_without_a_comment_is_refused(make_org, outsider, staff):
    org = make_org(by=outsider)
    with pytest.raises(ValidationError):
        organization_return(organization=org, by=staff, comment=" ")


def test_a_member_cannot_publish_their_own_profile(make_org, outsider):
    org = make_org(by=outsider)
    with pytest.raises(ApplicationError):
        organization_publish(organization=org, by=outsider)


def test_editing_a_returned_profile_sends_it_back_to_review(make_org, outsider, staff):
    org = make_org(by=outsider)
    organization_return(organization=org, by=staff, comment="直して")
    org = organization_update(organization=org, by=outsider, description="直しました")
    assert org.status == "pending"


def test_staff_mark_an_organization_verified(npo, staff):
    organization_verify(organization=npo, by=staff)
    npo.refresh_from_db()
    assert npo.verified
    assert npo.verified_at
    assert AuditLog.objects.filter(action="organization.verify").exists()


# --- listings -----------------------------------------------------------------------------------


def test_a_listing_needs_at_least_one_resource_tag(npo, npo_editor):
    with pytest.raises(ValidationError, match="資源"):
        listing_create(
            organization=npo, by=npo_editor, kind="need", title="子どもの居場所",
            tags=tags("target", "children"),
        )  # fmt: skip
    assert not Listing.objects.exists()


def test_a_listing_takes_the_organizations_ward_by_default(npo, npo_editor):
    listing = listing_create(
        organization=npo, by=npo_editor, kind="need", title="配達ボランティア",
        tags=tags("resource", "volunteers"),
    )  # fmt: skip
    assert listing.ward == npo.ward


def test_a_listing_of_an_unverified_org_waits_in_review(npo, npo_editor):
    listing = listing_create(
        organization=npo, by=npo_editor, kind="offer", title="調理室を貸します",
        tags=tags("resource", "venue"),
    )  # fmt: skip
    assert listing.moderation == "pending"


def test_a_listing_of_a_verified_org_is_public_at_once_and_announced(
    npo, npo_editor, staff, captured_signals, django_capture_on_commit_callbacks
):
    organization_verify(organization=npo, by=staff)
    npo.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        listing = listing_create(
            organization=npo, by=npo_editor, kind="offer", title="調理室を貸します",
            tags=tags("resource", "venue"),
        )  # fmt: skip
    assert listing.moderation == "published"
    assert ("published", listing.pk) in captured_signals


def test_staff_publish_a_pending_listing_and_the_matcher_hears_it(
    npo, npo_editor, staff, captured_signals, django_capture_on_commit_callbacks
):
    listing = listing_create(
        organization=npo,
        by=npo_editor,
        kind="need",
        title="配達",
        tags=tags("resource", "transport"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(listing=listing, by=staff)
    assert ("published", listing.pk) in captured_signals
    assert AuditLog.objects.filter(action="listing.publish").exists()


def test_a_member_of_another_org_cannot_add_listings(npo, chonaikai_owner):
    with pytest.raises(ApplicationError):
        listing_create(
            organization=npo, by=chonaikai_owner, kind="need", title="x",
            tags=tags("resource", "volunteers"),
        )  # fmt: skip


def test_expired_listings_close_and_current_ones_stay_open(npo, make_listing):
    old = make_listing(
        npo, title="古い募集", until=timezone.localdate() + datetime.timedelta(days=1)
    )
    current = make_listing(npo, title="今の募集")
    Listing.objects.filter(pk=old.pk).update(
        until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert listings_expire() == 1
    old.refresh_from_db()
    current.refresh_from_db()
    assert old.status == "closed"
    assert current.status == "open"


def test_profiles_unconfirmed_for_a_year_are_flagged_and_owners_asked(chonaikai, chonaikai_owner):
    Organization.objects.filter(pk=chonaikai.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert organizations_flag_stale() == 1
    chonaikai.refresh_from_db()
    assert chonaikai.stale_since is not None
    assert Notification.objects.filter(user=chonaikai_owner, kind="profiles.confirm_requested")
    assert organizations_flag_stale() == 0


def test_recently_confirmed_profiles_are_not_flagged(chonaikai, chonaikai_owner):
    Organization.objects.filter(pk=chonaikai.pk).update(last_confirmed_at=timezone.now())
    assert organizations_flag_stale() == 0


def test_confirming_clears_the_flag(chonaikai, chonaikai_owner):
    Organization.objects.filter(pk=chonaikai.pk).update(stale_since=timezone.now())
    chonaikai.refresh_from_db()
    organization_confirm(organization=chonaikai, by=chonaikai_owner)
    chonaikai.refresh_from_db()
    assert chonaikai.stale_since is None


# --- members ------------------------------------------------------------------------------------


def test_an_owner_invites_by_email_and_the_invitee_joins(
    chonaikai, chonaikai_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            organization=chonaikai, by=chonaikai_owner, email="Newbie@Example.org", role="editor"
        )
    assert mail.outbox
    assert invitation.token in mail.outbox[0].body
    newbie = UserFactory(email="newbie@example.org")
    membership = invitation_accept(token=invitation.token, user=newbie)
    assert membership.role == "editor"
    with pytest.raises(ApplicationError):
        invitation_accept(token=invitation.token, user=newbie)


def test_an_editor_cannot_invite(npo, npo_editor):
    with pytest.raises(ApplicationError):
        invitation_create(organization=npo, by=npo_editor, email="a@example.org")


def test_an_invitation_for_someone_else_cannot_be_used(chonaikai, chonaikai_owner, outsider):
    invitation = invitation_create(
        organization=chonaikai, by=chonaikai_owner, email="right@example.org"
    )
    with pytest.raises(ApplicationError, match="招待された"):
        invitation_accept(token=invitation.token, user=outsider)


def test_an_expired_invitation_is_refused(chonaikai, chonaikai_owner):
    invitation = invitation_create(
        organization=chonaikai, by=chonaikai_owner, email="late@example.org"
    )
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save()
    with pytest.raises(ApplicationError, match="期限"):
        invitation_accept(token=invitation.token, user=UserFactory(email="late@example.org"))


def test_the_last_owner_cannot_step_down_or_leave(chonaikai, chonaikai_owner):
    membership = chonaikai.memberships.get(user=chonaikai_owner)
    with pytest.raises(ApplicationError, match="管理者"):
        membership_change_role(membership=membership, by=chonaikai_owner, role="editor")
    with pytest.raises(ApplicationError):
        membership_remove(membership=membership, by=chonaikai_owner)
    assert chonaikai.memberships.filter(role="owner").count() == 1


def test_handover_moves_ownership_and_history_remembers_the_old_owner(chonaikai, chonaikai_owner):
    successor = UserFactory(display_name="新会長")
    Membership.objects.create(user=successor, organization=chonaikai, role="editor")
    ownership_handover(organization=chonaikai, by=chonaikai_owner, to=successor)
    assert chonaikai.memberships.get(user=successor).role == "owner"
    assert chonaikai.memberships.get(user=chonaikai_owner).role == "editor"
    past_roles = Membership.history.filter(user=chonaikai_owner).values_list("role", flat=True)
    assert "owner" in past_roles


def test_handover_to_a_non_member_is_refused(chonaikai, chonaikai_owner, outsider):
    with pytest.raises(ApplicationError, match="招待"):
        ownership_handover(organization=chonaikai, by=chonaikai_owner, to=outsider)


def test_acting_for_an_organization_is_kept_in_the_session(chonaikai, chonaikai_owner, npo):
    session = {}
    acting_organization_set(session=session, user=chonaikai_owner, organization=chonaikai)
    assert session["profiles.acting_organization_id"] == chonaikai.pk
    with pytest.raises(ApplicationError):
        acting_organization_set(session=session, user=chonaikai_owner, organization=npo)
