"""Who acts for an organization: the acting organization of a session, invitations by
e-mail, roles, leaving, and the owner's handover (the last owner never goes)."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import live
from core.audit import audit_record
from core.errors import ApplicationError
from core.site import email_subject, site_url

from ..models import Invitation, Membership, MembershipRole, Organization, User
from ..predicates import acts_as_staff, is_staff
from ..selectors import ACTING_SESSION_KEY
from ._common import require, require_owner, require_staff

INVITATION_DAYS = 14


def acting_organization_set(*, session, user: User, organization: Organization) -> None:
    """Remember which organization the person acts for (members; staff for proxy profiles)."""
    require(user, "profiles.act_for", organization, _("この団体のメンバーではありません"))
    session[ACTING_SESSION_KEY] = organization.pk


def _invitation_url(invitation: Invitation) -> str:
    return site_url(reverse("profiles:invitation", args=[invitation.token]))


@transaction.atomic
def invitation_create(
    *, organization: Organization, by: User, email: str, role: str = MembershipRole.EDITOR
) -> Invitation:
    """Invite a person by e-mail (owners and staff). The link works once, for 14 days."""
    require_owner(by, organization)
    email = (email or "").strip().lower()
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ApplicationError(_("この人はすでにメンバーです"), code="duplicate")
    organization.invitations.filter(email=email, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED
    )
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    if acts_as_staff(by, organization):
        audit_record(actor=by, action="membership.invite", target=organization, note=email)
    subject = email_subject(_("「%(name)s」への招待") % {"name": organization.name})
    body = _(
        "%(inviter)sさんから「%(name)s」のメンバー（%(role)s）への招待が届きました。\n"
        "次のリンクから参加してください（%(days)s日間有効）。\n\n%(url)s\n"
    ) % {
        "inviter": by,
        "name": organization.name,
        "role": invitation.get_role_display(),
        "days": INVITATION_DAYS,
        "url": _invitation_url(invitation),
    }
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True)
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = (
        Invitation.objects.select_for_update().filter(token=token).select_related("organization")
    ).first()
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        raise ApplicationError(_("この招待は使えません"), code="invalid_token")
    if invitation.expires_at < timezone.now():
        raise ApplicationError(_("招待の有効期限が切れています"), code="expired")
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            _("招待されたメールアドレスでログインしてください"),
            code="wrong_user",
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.OWNER:
        membership.role = MembershipRole.OWNER
        membership.save()
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.accepted_at = timezone.now()
    invitation.save()
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    require_owner(by, invitation.organization)
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status"])
    return invitation


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.filter(organization=membership.organization, role=MembershipRole.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


def _last_owner_error():
    return ApplicationError(
        _("団体には管理者が最低1人必要です"),
        code="last_owner",
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, by: User, role: str) -> Membership:
    require_owner(by, membership.organization)
    # Lock the organization's owner rows so two demotions cannot both pass the check.
    list(
        Membership.objects.select_for_update().filter(
            organization=membership.organization, role=MembershipRole.OWNER
        )
    )
    membership.refresh_from_db()
    demoting = membership.role == MembershipRole.OWNER and role != MembershipRole.OWNER
    if demoting and not _other_owners(membership):
        raise _last_owner_error()
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Owners remove members; anyone may leave; the last owner cannot go."""
    if membership.user_id != by.pk:
        require_owner(by, membership.organization)
    list(
        Membership.objects.select_for_update().filter(
            organization=membership.organization, role=MembershipRole.OWNER
        )
    )
    if membership.role == MembershipRole.OWNER and not _other_owners(membership):
        raise _last_owner_error()
    membership.delete()
    # Open conversation sockets of the person close if the membership was their way in.
    live.revoke_on_commit(user_ids=[membership.user_id])


@transaction.atomic
def ownership_handover(
    *, organization: Organization, by: User, to: User, keep_previous_as_editor: bool = True
) -> Membership:
    """The owner hands the organization to another member (町内会 officers change every year).
    The history of both memberships keeps who owned it when."""
    require_staff(by, "profiles.manage_members", organization)
    target = Membership.objects.select_for_update().filter(organization=organization, user=to)
    target = target.first()
    if target is None:
        raise ApplicationError(
            _("引き継ぎ先を先にメンバーに招待してください"),
            code="not_member",
        )
    target.role = MembershipRole.OWNER
    target.save()
    previous = organization.memberships.filter(user=by).first()
    if previous and previous.pk != target.pk:
        if keep_previous_as_editor:
            previous.role = MembershipRole.EDITOR
            previous.save()
        else:
            previous.delete()
    if is_staff(by) and previous is None:
        audit_record(actor=by, action="membership.handover", target=organization, note=to.email)
    return target
