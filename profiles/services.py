"""Every write to organizations, members and listings. Keyword-only functions, one transaction
each, `full_clean()` before saving; pages, API, tasks and commands all call these.

Each change to an organization, its listings or its publication tells the matcher after commit
(`organization_changed`, and `listing_published` when a listing becomes public). Every staff
action is written to the audit log in the same transaction.
"""

import contextlib
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import live, outbox
from core.audit import audit_record, snapshot
from core.errors import ApplicationError, NotAllowed
from core.models import Facet, Tag
from core.notifications import notify
from core.site import email_subject, site_url
from core.textnorm import reading

from .models import (
    KIND_FIELDS,
    ImportJob,
    Invitation,
    Listing,
    ListingKind,
    ListingStatus,
    Membership,
    MembershipRole,
    ModerationStatus,
    Organization,
    OrganizationKind,
    User,
)
from .search import document_tokens, match_tokens, organization_document
from .selectors import ACTING_SESSION_KEY, IMPORT_PROGRESS_KEY
from .signals import listing_published, organization_changed
from .validators import fold_kana, validate_logo

# Fields a profile form, the API or the importer may set (besides tags and the logo).
PROFILE_FIELDS = [
    "kind",
    "name",
    "name_kana",
    "ward",
    "district",
    "description",
    "website",
    "contact_email",
    "contact_phone",
    *[f for fields in KIND_FIELDS.values() for f in fields],
]
LISTING_FIELDS = ["kind", "title", "description", "ward", "until"]
INVITATION_DAYS = 14
AUDIT_FIELDS = ["status", "verified", "review_comment", "name", "kind", "managed_by_staff"]


# --- helpers ----------------------------------------------------------------------------------


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def _is_member(user, organization, role: str | None = None) -> bool:
    if not (user and user.is_authenticated):
        return False
    qs = organization.memberships.filter(user=user)
    return qs.filter(role=role).exists() if role else qs.exists()


def _require_editor(user, organization) -> None:
    if not (_is_staff(user) or _is_member(user, organization)):
        raise NotAllowed(_("この団体を編集する権限がありません"))


def _require_owner(user, organization) -> None:
    if not (_is_staff(user) or _is_member(user, organization, MembershipRole.OWNER)):
        raise NotAllowed(_("団体の管理者だけができる操作です"))


def _require_staff(user) -> None:
    if not _is_staff(user):
        raise NotAllowed(_("支援センター職員だけができる操作です"))


def _announce(organization_id: int, reason: str) -> None:
    transaction.on_commit(
        lambda: organization_changed.send(
            sender=Organization, organization_id=organization_id, reason=reason
        )
    )


def _announce_published(listing_id: int) -> None:
    transaction.on_commit(lambda: listing_published.send(sender=Listing, listing_id=listing_id))


def _check_tags(tags, facets: set[str], field: str) -> list[Tag]:
    tags = list(tags or [])
    wrong = [t for t in tags if t.facet not in facets]
    if wrong:
        raise ValidationError(
            {
                field: _("このタグはここでは使えません")
                % {"names": "、".join(t.label_ja for t in wrong)}
            }
        )
    return tags


def _normalize_kind_fields(organization: Organization) -> None:
    """Blank the kind-specific fields that belong to another kind (kind switches stay clean)."""
    own = set(KIND_FIELDS.get(organization.kind, []))
    for kind_fields in KIND_FIELDS.values():
        for name in kind_fields:
            if name in own:
                continue
            field = Organization._meta.get_field(name)
            setattr(organization, name, field.get_default() if not field.null else None)


def _apply(organization: Organization, attrs: dict) -> None:
    unknown = set(attrs) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in attrs.items():
        if name == "name_kana":
            value = fold_kana(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(organization, name, value)
    _normalize_kind_fields(organization)


def _set_logo(organization: Organization, logo) -> None:
    if logo is None:
        return
    if logo is False:  # cleared
        organization.logo = ""
        return
    try:
        validate_logo(logo)
    except ValidationError as exc:
        raise ValidationError({"logo": exc.messages}) from exc
    organization.logo = logo


def organization_reindex(*, organization: Organization) -> None:
    """Recompute the organization's search keys from its profile and public listings (their
    texts and tags: the directory finds a group whose need is only tagged 高齢者), where its
    words are (ranking), and its name's reading (五十音順)."""
    listing_texts, listing_tags = [], set()
    for listing in (
        Listing.objects.public().filter(organization=organization).prefetch_related("tags")
    ):
        listing_texts.append(f"{listing.title} {listing.description}")
        listing_tags.update(t.label_ja for t in listing.tags.all())
    labels = [t.label_ja for t in organization.fields.all()] + [
        t.label_ja for t in organization.sdgs.all()
    ]
    tokens = document_tokens(
        *organization_document(
            organization,
            ward_label=organization.ward.label_ja if organization.ward_id else "",
            labels=labels + sorted(listing_tags),
        ),
        *listing_texts,
    )
    where = match_tokens(
        name=organization.name,
        name_kana=organization.name_kana,
        tag_labels=labels + sorted(listing_tags),
    )
    name_reading = reading(organization.name, kana=organization.name_kana)
    Organization.objects.filter(pk=organization.pk).update(
        search_tokens=tokens, match_tokens=where, name_reading=name_reading
    )
    organization.search_tokens, organization.match_tokens = tokens, where
    organization.name_reading = name_reading


def listing_reindex(*, listing: Listing) -> None:
    """The listing's search keys, and where its words are (title, tags) for ranking."""
    labels = [t.label_ja for t in listing.tags.all()]
    tokens = document_tokens(
        listing.title, listing.description, " ".join(labels), listing.organization.name
    )
    where = match_tokens(name=listing.title, tag_labels=labels)
    Listing.objects.filter(pk=listing.pk).update(search_tokens=tokens, match_tokens=where)
    listing.search_tokens, listing.match_tokens = tokens, where


# --- organizations ----------------------------------------------------------------------------


@transaction.atomic
def organization_create(
    *,
    by: User,
    fields=(),
    sdgs=(),
    logo=None,
    proxy: bool = False,
    publish: bool = False,
    verified: bool = False,
    external_id: str | None = None,
    **attrs,
) -> Organization:
    """A new profile. Created by a person, it waits in review and the creator becomes its owner.
    Created by staff for a group that does not use the web (proxy) or from the support center's
    register (publish/verified), it is published at once and audit-logged."""
    # by=None: the support center's own import run from the command line.
    if by is None:
        if not publish:
            raise ApplicationError("organization_create needs `by` unless it publishes")
    elif proxy or publish or verified:
        _require_staff(by)
    organization = Organization(created_by=by)
    _apply(organization, attrs)
    _set_logo(organization, logo)
    organization.external_id = external_id or None
    organization.managed_by_staff = proxy
    organization.last_confirmed_at = timezone.now()
    if proxy or publish:
        organization.status = ModerationStatus.PUBLISHED
    if verified:
        organization.verified = True
        organization.verified_at = timezone.now()
    organization.full_clean()
    organization.save()
    organization.fields.set(_check_tags(fields, {Facet.FIELD}, "fields"))
    organization.sdgs.set(_check_tags(sdgs, {Facet.SDG}, "sdgs"))
    if not proxy and not publish:
        Membership.objects.create(user=by, organization=organization, role=MembershipRole.OWNER)
    else:
        audit_record(
            actor=by,
            action="organization.create_proxy" if proxy else "organization.create",
            target=organization,
            after=snapshot(organization, AUDIT_FIELDS),
        )
    organization_reindex(organization=organization)
    _announce(organization.pk, "organization.created")
    return organization


@transaction.atomic
def organization_update(
    *, organization: Organization, by: User, fields=None, sdgs=None, logo=None, **attrs
) -> Organization:
    """Edit a profile (members and staff). A returned profile goes back to review."""
    _require_editor(by, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(organization, AUDIT_FIELDS)
    _apply(organization, attrs)
    _set_logo(organization, logo)
    if organization.status in (ModerationStatus.RETURNED, ModerationStatus.DRAFT):
        organization.status = ModerationStatus.PENDING
    organization.full_clean()
    organization.save()
    if fields is not None:
        organization.fields.set(_check_tags(fields, {Facet.FIELD}, "fields"))
    if sdgs is not None:
        organization.sdgs.set(_check_tags(sdgs, {Facet.SDG}, "sdgs"))
    if _is_staff(by) and not _is_member(by, organization):
        audit_record(
            actor=by,
            action="organization.edit",
            target=organization,
            before=before,
            after=snapshot(organization, AUDIT_FIELDS),
        )
    organization_reindex(organization=organization)
    _announce(organization.pk, "organization.updated")
    return organization


@transaction.atomic
def organization_confirm(*, organization: Organization, by: User) -> Organization:
    """The owners say the profile is still right (freshness)."""
    _require_editor(by, organization)
    organization.last_confirmed_at = timezone.now()
    organization.stale_since = None
    organization.save(update_fields=["last_confirmed_at", "stale_since", "updated_at"])
    return organization


def _moderate(organization, by, *, action, status=None, comment="", **changes):
    _require_staff(by)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(organization, AUDIT_FIELDS)
    if status:
        organization.status = status
    organization.review_comment = comment
    for name, value in changes.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    audit_record(
        actor=by,
        action=action,
        target=organization,
        before=before,
        after=snapshot(organization, AUDIT_FIELDS),
        note=comment,
    )
    organization_reindex(organization=organization)
    _announce(organization.pk, action)
    return organization


def _notify_owners(organization, *, kind, title, body="", url="", dedupe_key=None):
    for membership in organization.memberships.filter(role=MembershipRole.OWNER).select_related(
        "user"
    ):
        notify(
            user=membership.user,
            kind=kind,
            title=title,
            body=body,
            url=url,
            dedupe_key=f"{dedupe_key}:{membership.user_id}" if dedupe_key else None,
        )


@transaction.atomic
def organization_publish(*, organization: Organization, by: User, comment: str = ""):
    organization = _moderate(
        organization, by, action="organization.publish", status=ModerationStatus.PUBLISHED,
        comment=comment,
    )  # fmt: skip
    _notify_owners(
        organization,
        kind="profiles.published",
        title=lambda: _("「%(name)s」のプロフィールが公開されました") % {"name": organization.name},
        url=reverse("profiles:detail", args=[organization.pk]),
    )
    # A new profile is reviewed with the needs and offers it arrived with: they go public
    # together, so the matcher has something to suggest from the moment the profile is live.
    already_published = list(organization.listings.published().values_list("pk", flat=True))
    for listing in organization.listings.filter(moderation=ModerationStatus.PENDING):
        _moderate_listing(
            listing, by, action="listing.publish", moderation=ModerationStatus.PUBLISHED,
            comment=comment,
        )  # fmt: skip
    for listing_id in already_published:
        _announce_published(listing_id)
    return organization


@transaction.atomic
def organization_return(*, organization: Organization, by: User, comment: str):
    if not (comment or "").strip():
        raise ValidationError({"comment": _("差し戻しの理由を書いてください")})
    organization = _moderate(
        organization, by, action="organization.return", status=ModerationStatus.RETURNED,
        comment=comment.strip(),
    )  # fmt: skip
    _notify_owners(
        organization,
        kind="profiles.returned",
        title=lambda: (
            _("「%(name)s」のプロフィールが差し戻されました") % {"name": organization.name}
        ),
        body=comment,
        url=reverse("profiles:edit", args=[organization.pk]),
    )
    return organization


@transaction.atomic
def organization_suspend(*, organization: Organization, by: User, reason: str) -> Organization:
    """Staff take an organization off the platform (misuse, a dissolved group): it leaves the
    directory and search at once, its members no longer take part in its conversations, and
    their open conversation sockets close. Publishing it again (organization_publish) lifts
    the suspension. The reason goes to the audit log and to the owners."""
    if not by.has_perm("profiles.suspend_organization", organization):
        raise NotAllowed(_("支援センター職員だけができる操作です"))
    if not (reason or "").strip():
        raise ValidationError({"comment": _("停止の理由を書いてください")})
    if organization.status == ModerationStatus.SUSPENDED:
        raise ApplicationError(_("この団体はすでに停止されています"), code="already_suspended")
    organization = _moderate(
        organization, by, action="organization.suspend", status=ModerationStatus.SUSPENDED,
        comment=reason.strip(),
    )  # fmt: skip
    _notify_owners(
        organization,
        kind="profiles.suspended",
        title=lambda: _("「%(name)s」の掲載が停止されました") % {"name": organization.name},
        body=reason.strip(),
        url=reverse("profiles:detail", args=[organization.pk]),
    )
    live.revoke_on_commit(
        user_ids=organization.memberships.values_list("user_id", flat=True),
    )
    return organization


@transaction.atomic
def organization_verify(*, organization: Organization, by: User, verified: bool = True):
    return _moderate(
        organization,
        by,
        action="organization.verify" if verified else "organization.unverify",
        comment=organization.review_comment,
        verified=verified,
        verified_at=timezone.now() if verified else None,
    )


# --- act for ----------------------------------------------------------------------------------


def acting_organization_set(*, session, user: User, organization: Organization) -> None:
    """Remember which organization the person acts for (members; staff for proxy profiles)."""
    allowed = _is_member(user, organization) or (_is_staff(user) and organization.managed_by_staff)
    if not allowed:
        raise NotAllowed(_("この団体のメンバーではありません"))
    session[ACTING_SESSION_KEY] = organization.pk


# --- memberships and invitations ---------------------------------------------------------------


def _invitation_url(invitation: Invitation) -> str:
    return site_url(reverse("profiles:invitation", args=[invitation.token]))


@transaction.atomic
def invitation_create(
    *, organization: Organization, by: User, email: str, role: str = MembershipRole.EDITOR
) -> Invitation:
    """Invite a person by e-mail (owners and staff). The link works once, for 14 days."""
    _require_owner(by, organization)
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
    if _is_staff(by) and not _is_member(by, organization):
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
    _require_owner(by, invitation.organization)
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
    _require_owner(by, membership.organization)
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
        _require_owner(by, membership.organization)
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
    if not _is_member(by, organization, MembershipRole.OWNER):
        _require_staff(by)
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
    if _is_staff(by) and previous is None:
        audit_record(actor=by, action="membership.handover", target=organization, note=to.email)
    return target


# --- listings ---------------------------------------------------------------------------------

LISTING_TAG_FACETS = {Facet.RESOURCE, Facet.TARGET, Facet.FIELD}


def _check_listing_tags(tags) -> list[Tag]:
    tags = _check_tags(tags, LISTING_TAG_FACETS, "tags")
    if not any(t.facet == Facet.RESOURCE for t in tags):
        raise ValidationError({"tags": _("資源のタグを1つ以上選んでください")})
    return tags


def _after_listing_change(listing: Listing, reason: str, was_public: bool) -> None:
    listing_reindex(listing=listing)
    organization_reindex(organization=listing.organization)
    _announce(listing.organization_id, reason)
    now_public = (
        listing.moderation == ModerationStatus.PUBLISHED
        and listing.status == ListingStatus.OPEN
        and listing.organization.is_public
    )
    if now_public and not was_public:
        _announce_published(listing.pk)


def _is_listing_public(listing: Listing) -> bool:
    return (
        listing.pk is not None
        and listing.moderation == ModerationStatus.PUBLISHED
        and listing.status == ListingStatus.OPEN
        and listing.organization.is_public
    )


@transaction.atomic
def listing_create(
    *,
    organization: Organization,
    by: User,
    kind: str,
    title: str,
    tags,
    description: str = "",
    ward: Tag | None = None,
    until: date | None = None,
) -> Listing:
    """A need or offer. Listings of a verified organization (or written by staff) are public at
    once; those of an unverified organization wait in review."""
    _require_editor(by, organization)
    tags = _check_listing_tags(tags)
    listing = Listing(
        organization=organization,
        kind=kind,
        title=(title or "").strip(),
        description=(description or "").strip(),
        ward=ward or organization.ward,
        until=until,
        moderation=(
            ModerationStatus.PUBLISHED
            if organization.verified or _is_staff(by)
            else ModerationStatus.PENDING
        ),
    )
    if until and until < timezone.localdate():
        raise ValidationError({"until": _("期限に過去の日付は使えません")})
    listing.full_clean()
    listing.save()
    listing.tags.set(tags)
    if _is_staff(by) and not _is_member(by, organization):
        audit_record(actor=by, action="listing.create", target=listing)
    _after_listing_change(listing, "listing.created", was_public=False)
    return listing


@transaction.atomic
def listing_update(*, listing: Listing, by: User, tags=None, **attrs) -> Listing:
    _require_editor(by, listing.organization)
    listing = Listing.objects.select_for_update().select_related("organization").get(pk=listing.pk)
    was_public = _is_listing_public(listing)
    unknown = set(attrs) - set(LISTING_FIELDS) - {"status"}
    if unknown:
        raise ApplicationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in attrs.items():
        setattr(listing, name, value.strip() if isinstance(value, str) else value)
    if listing.moderation == ModerationStatus.RETURNED:
        listing.moderation = ModerationStatus.PENDING
    listing.full_clean()
    listing.save()
    if tags is not None:
        listing.tags.set(_check_listing_tags(tags))
    if _is_staff(by) and not _is_member(by, listing.organization):
        audit_record(actor=by, action="listing.edit", target=listing)
    _after_listing_change(listing, "listing.updated", was_public)
    return listing


@transaction.atomic
def listing_close(*, listing: Listing, by: User | None) -> Listing:
    """Close a listing (by a member, or by the expiry task when `by` is None)."""
    if by is not None:
        _require_editor(by, listing.organization)
    listing.status = ListingStatus.CLOSED
    listing.save(update_fields=["status", "updated_at"])
    _after_listing_change(listing, "listing.closed", was_public=True)
    return listing


@transaction.atomic
def listing_delete(*, listing: Listing, by: User) -> None:
    _require_editor(by, listing.organization)
    organization = listing.organization
    listing.delete()
    organization_reindex(organization=organization)
    _announce(organization.pk, "listing.deleted")


def _moderate_listing(listing, by, *, action, moderation, comment=""):
    _require_staff(by)
    listing = Listing.objects.select_for_update().select_related("organization").get(pk=listing.pk)
    was_public = _is_listing_public(listing)
    before = {"moderation": listing.moderation}
    listing.moderation = moderation
    listing.review_comment = comment
    listing.save(update_fields=["moderation", "review_comment", "updated_at"])
    audit_record(
        actor=by, action=action, target=listing, before=before,
        after={"moderation": moderation}, note=comment,
    )  # fmt: skip
    _after_listing_change(listing, action, was_public)
    return listing


@transaction.atomic
def listing_publish(*, listing: Listing, by: User, comment: str = "") -> Listing:
    return _moderate_listing(
        listing, by, action="listing.publish", moderation=ModerationStatus.PUBLISHED,
        comment=comment,
    )  # fmt: skip


@transaction.atomic
def listing_return(*, listing: Listing, by: User, comment: str) -> Listing:
    if not (comment or "").strip():
        raise ValidationError({"comment": _("差し戻しの理由を書いてください")})
    listing = _moderate_listing(
        listing, by, action="listing.return", moderation=ModerationStatus.RETURNED,
        comment=comment.strip(),
    )  # fmt: skip
    _notify_owners(
        listing.organization,
        kind="profiles.listing_returned",
        title=_("「%(title)s」が差し戻されました") % {"title": listing.title},
        body=comment,
        url=reverse("profiles:edit", args=[listing.organization_id]),
    )
    return listing


# --- periodic ---------------------------------------------------------------------------------


def listings_expire(*, today: date | None = None) -> int:
    """Close open listings whose until-date has passed. Returns how many closed."""
    today = today or timezone.localdate()
    closed = 0
    for pk in Listing.objects.filter(status=ListingStatus.OPEN, until__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            listing = Listing.objects.select_for_update().select_related("organization").get(pk=pk)
            if listing.status == ListingStatus.OPEN:
                listing_close(listing=listing, by=None)
                closed += 1
    return closed


def organizations_flag_stale(*, now=None) -> int:
    """Flag published profiles not confirmed for 12 months and ask their owners to confirm."""
    now = now or timezone.now()
    flagged = 0
    stale = Organization.objects.published().stale(now=now).filter(stale_since__isnull=True)
    for organization in stale:
        with transaction.atomic():
            Organization.objects.filter(pk=organization.pk).update(stale_since=now)
            _notify_owners(
                organization,
                kind="profiles.confirm_requested",
                title=_("「%(name)s」の情報は最新ですか？") % {"name": organization.name},
                body=_("1年以上確認されていません。内容を確認し「最新です」を押してください。"),
                url=reverse("profiles:edit", args=[organization.pk]),
                dedupe_key=f"profiles.confirm:{organization.pk}:{now:%Y%m%d}",
            )
        flagged += 1
    return flagged


__all__ = [
    "ListingKind",
    "OrganizationKind",
]


# --- import (the support center's register) --------------------------------------------------


def directory_import(
    *, plan, by: User | None, close_missing: bool = False, progress=None, phase=None, run=None
):
    """Write an import plan (importer.plan_import): all of it, or — if anything fails or the
    run is stopped between batches — none of it (one transaction). by=None is the operator's
    command line. The matcher hears once, after commit: one refresh for every organization
    whose profile or listings changed, one batch of reverse alerts for the new listings."""
    from .import_writer import write_plan
    from .signals import directory_imported

    if by is not None:
        _require_staff(by)
    with transaction.atomic():
        result = write_plan(plan, by=by, close_missing=close_missing, progress=progress)
        if by is not None:
            audit_record(
                actor=by, action="directory.import", target=run or by,
                after={"organizations": result.organizations, "listings": result.listings},
            )  # fmt: skip
        changed, published = sorted(result.changed_organization_ids), result.published_listing_ids
        created = result.created_organization_ids
        if changed or published:

            def announce():
                if phase:
                    phase("refreshing")
                directory_imported.send(
                    sender=Organization,
                    organization_ids=changed,
                    listing_ids=published,
                    created_organization_ids=created,
                )

            transaction.on_commit(announce)
    return result


# --- import runs (the staff upload page) ------------------------------------------------------


def import_job_push(job: ImportJob, *, done: int | None = None, total: int | None = None) -> None:
    """Where the run stands, for the page: kept in the cache (while the run writes, its rows
    are inside one uncommitted transaction, so the database cannot say) and pushed to the run's
    WebSocket group. Best effort: a display that cannot be updated never stops the import."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer
    from django.core.cache import cache

    from .consumers import import_run_group
    from .selectors import import_job_progress

    if done is not None:
        job.processed, job.total = done, total or 0
        cache.set(IMPORT_PROGRESS_KEY.format(job.pk), (done, total), timeout=3600)
    payload = import_job_progress(job)
    # Redis away: the page still finds the run by reloading.
    with contextlib.suppress(Exception):
        async_to_sync(get_channel_layer().group_send)(
            import_run_group(job.pk), {"type": "import.progress", "payload": payload}
        )


def _job_set(job: ImportJob, **changes) -> None:
    for name, value in changes.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**changes)
    import_job_push(job)


def _job_files(job: ImportJob):
    orgs = (job.organizations_file.read(), job.organizations_file.name)
    listings = (job.listings_file.read(), job.listings_file.name) if job.listings_file else None
    return orgs, listings


def _job_discard_files(job: ImportJob) -> None:
    """The uploaded register holds contact details: it is kept only until the run ends."""
    for upload in (job.organizations_file, job.listings_file):
        if upload:
            upload.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(organizations_file="", listings_file="")


def _job_fail(job: ImportJob, messages: list[dict]) -> None:
    _job_discard_files(job)
    _job_set(job, status=ImportJob.Status.FAILED, phase="", error=messages,
             finished_at=timezone.now())  # fmt: skip


def import_job_create(*, by: User, organizations, listings=None) -> ImportJob:
    """Keep the uploaded files and check them in a worker (the preview)."""
    _require_staff(by)
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=by, organizations_file=organizations, listings_file=listings or ""
        )
        # Through the outbox: a broker that is down delays the check, it never loses it.
        outbox.send_on_commit("profiles.tasks.preview_import_job", job.pk)
    return job


def import_job_preview(*, job_id: int) -> ImportJob:
    """Check the files and work out what would change; write nothing but the preview."""
    from .importer import ImportFileError, plan_import

    job = ImportJob.objects.get(pk=job_id)
    _job_set(job, status=ImportJob.Status.RUNNING, phase=ImportJob.Phase.VALIDATING)
    try:
        orgs, listings = _job_files(job)
        plan = plan_import(organizations=orgs, listings=listings)
    except ImportFileError as exc:
        _job_fail(job, exc.messages)
        return job
    except Exception as exc:
        _job_fail(job, _unexpected(exc))
        raise
    _job_set(job, status=ImportJob.Status.PREVIEW, phase="", preview=plan.preview(),
             total=plan.rows_to_write)  # fmt: skip
    return job


def _unexpected(exc: Exception) -> list[dict]:
    from django.utils.translation import gettext_noop

    from .importer import bilingual

    reason = f"{type(exc).__name__}: {exc}"[:300]
    return [
        bilingual(gettext_noop("取り込みが途中で止まりました。何も変更されていません（%(reason)s）"),
                  reason=reason)
    ]  # fmt: skip


def import_job_confirm(*, job: ImportJob, by: User, close_missing: bool = False) -> ImportJob:
    """The staff member saw the preview and goes ahead: queue the run."""
    _require_staff(by)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.PREVIEW:
            raise ApplicationError(
                _("この取り込みはもう確認を待っていません"),
                code="not_waiting",
            )
        _job_set(job, status=ImportJob.Status.QUEUED, close_missing=close_missing)
        outbox.send_on_commit("profiles.tasks.run_import_job", job.pk)
    return job


# A run still queued or running this long after its upload has lost its worker or its message
# (the run's hard time limit is 30 minutes, and a redelivered run starts within the hour).
ABANDONED_AFTER = timedelta(hours=2)


def import_jobs_fail_abandoned(*, now=None) -> int:
    """End as failed, with the reason, every run that can no longer finish; its one
    transaction never committed, so nothing was written. Returns how many (beat, every 15
    minutes)."""
    from django.utils.translation import gettext_noop

    from .importer import bilingual

    now = now or timezone.now()
    reason = [
        bilingual(gettext_noop(
            "取り込みが終わらないまま止まりました（作業プロセスが止まったか、実行の依頼が"
            "届きませんでした）。何も変更されていません。もう一度アップロードしてください。"
        ))
    ]  # fmt: skip
    failed = 0
    stuck = ImportJob.objects.filter(
        status__in=ImportJob.WORKING, created_at__lt=now - ABANDONED_AFTER
    )
    for pk in stuck.values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=pk).first()
            if job is None or job.status not in ImportJob.WORKING:
                continue
            _job_fail(job, reason)
            failed += 1
    return failed


def import_job_cancel(*, job: ImportJob, by: User) -> ImportJob:
    _require_staff(by)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.PREVIEW:
            raise ApplicationError(
                _("この取り込みはもう確認を待っていません"),
                code="not_waiting",
            )
        _job_discard_files(job)
        _job_set(job, status=ImportJob.Status.CANCELLED, finished_at=timezone.now())
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """The confirmed run (a Celery task): check the files again (the directory may have moved
    since the preview), write everything in one transaction, refresh the matcher. Any failure
    ends the run as failed with its reason, and the old data stays."""
    from .importer import ImportFileError, plan_import

    job = ImportJob.objects.get(pk=job_id)
    if job.status not in ImportJob.WORKING:
        return job  # already finished (a redelivered task)
    _job_set(job, status=ImportJob.Status.RUNNING, phase=ImportJob.Phase.VALIDATING, error=None)
    try:
        orgs, listings = _job_files(job)
        plan = plan_import(organizations=orgs, listings=listings)
        _job_set(job, phase=ImportJob.Phase.WRITING)
        result = directory_import(
            plan=plan, by=job.created_by, close_missing=job.close_missing, run=job,
            progress=lambda done, total: import_job_push(job, done=done, total=total),
            phase=lambda name: _job_set(job, phase=name),
        )  # fmt: skip
    except ImportFileError as exc:
        _job_fail(job, exc.messages)
        return job
    except Exception as exc:
        _job_fail(job, _unexpected(exc))
        raise
    no_changes = plan.changes_nothing and not (job.close_missing and plan.missing_listings)
    _job_discard_files(job)
    _job_set(job, status=ImportJob.Status.DONE, phase="", finished_at=timezone.now(),
             summary={**plan.preview(), "organizations": result.organizations,
                      "listings": result.listings or None, "no_changes": no_changes},
             processed=plan.rows_to_write, total=plan.rows_to_write)  # fmt: skip
    return job
