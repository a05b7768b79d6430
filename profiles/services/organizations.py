"""Organizations: create, edit, confirm (freshness), and the support center's moderation —
publish, return, suspend, verify — each audit-logged; the periodic flag on stale profiles."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import live
from core.audit import audit_record, snapshot
from core.errors import ApplicationError
from core.models import Facet

from ..models import KIND_FIELDS, Membership, MembershipRole, ModerationStatus, Organization, User
from ..predicates import acts_as_staff
from ..validators import fold_kana, validate_logo
from ._common import (
    announce,
    check_tags,
    notify_owners,
    require_editor,
    require_staff,
    return_reason,
)
from .listings import listings_publish_pending
from .reindex import organization_reindex

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
AUDIT_FIELDS = ["status", "verified", "review_comment", "name", "kind", "managed_by_staff"]


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
        require_staff(by)
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
    organization.fields.set(check_tags(fields, {Facet.FIELD}, "fields"))
    organization.sdgs.set(check_tags(sdgs, {Facet.SDG}, "sdgs"))
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
    announce(organization.pk, "organization.created")
    return organization


@transaction.atomic
def organization_update(
    *, organization: Organization, by: User, fields=None, sdgs=None, logo=None, **attrs
) -> Organization:
    """Edit a profile (members and staff). A returned profile goes back to review."""
    require_editor(by, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(organization, AUDIT_FIELDS)
    _apply(organization, attrs)
    _set_logo(organization, logo)
    if organization.status in (ModerationStatus.RETURNED, ModerationStatus.DRAFT):
        organization.status = ModerationStatus.PENDING
    organization.full_clean()
    organization.save()
    if fields is not None:
        organization.fields.set(check_tags(fields, {Facet.FIELD}, "fields"))
    if sdgs is not None:
        organization.sdgs.set(check_tags(sdgs, {Facet.SDG}, "sdgs"))
    if acts_as_staff(by, organization):
        audit_record(
            actor=by,
            action="organization.edit",
            target=organization,
            before=before,
            after=snapshot(organization, AUDIT_FIELDS),
        )
    organization_reindex(organization=organization)
    announce(organization.pk, "organization.updated")
    return organization


@transaction.atomic
def organization_confirm(*, organization: Organization, by: User) -> Organization:
    """The owners say the profile is still right (freshness)."""
    require_editor(by, organization)
    organization.last_confirmed_at = timezone.now()
    organization.stale_since = None
    organization.save(update_fields=["last_confirmed_at", "stale_since", "updated_at"])
    return organization


def _moderate(organization, by, *, action, status=None, comment="", **changes):
    require_staff(by, "profiles.moderate", organization)
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
    announce(organization.pk, action)
    return organization


@transaction.atomic
def organization_publish(*, organization: Organization, by: User, comment: str = ""):
    organization = _moderate(
        organization, by, action="organization.publish", status=ModerationStatus.PUBLISHED,
        comment=comment,
    )  # fmt: skip
    notify_owners(
        organization,
        kind="profiles.published",
        title=lambda: _("「%(name)s」のプロフィールが公開されました") % {"name": organization.name},
        url=reverse("profiles:detail", args=[organization.pk]),
    )
    # A new profile is reviewed with the needs and offers it arrived with: they go public
    # together, so the matcher has something to suggest from the moment the profile is live.
    listings_publish_pending(organization=organization, by=by, comment=comment)
    return organization


@transaction.atomic
def organization_return(*, organization: Organization, by: User, comment: str):
    comment = return_reason(comment)
    organization = _moderate(
        organization, by, action="organization.return", status=ModerationStatus.RETURNED,
        comment=comment,
    )  # fmt: skip
    notify_owners(
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
    require_staff(by, "profiles.suspend_organization", organization)
    if not (reason or "").strip():
        raise ValidationError({"comment": _("停止の理由を書いてください")})
    if organization.status == ModerationStatus.SUSPENDED:
        raise ApplicationError(_("この団体はすでに停止されています"), code="already_suspended")
    organization = _moderate(
        organization, by, action="organization.suspend", status=ModerationStatus.SUSPENDED,
        comment=reason.strip(),
    )  # fmt: skip
    notify_owners(
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


def organizations_flag_stale(*, now=None) -> int:
    """Flag published profiles not confirmed for 12 months and ask their owners to confirm."""
    now = now or timezone.now()
    flagged = 0
    stale = Organization.objects.published().stale(now=now).filter(stale_since__isnull=True)
    for organization in stale:
        with transaction.atomic():
            Organization.objects.filter(pk=organization.pk).update(stale_since=now)
            notify_owners(
                organization,
                kind="profiles.confirm_requested",
                title=_("「%(name)s」の情報は最新ですか？") % {"name": organization.name},
                body=_("1年以上確認されていません。内容を確認し「最新です」を押してください。"),
                url=reverse("profiles:edit", args=[organization.pk]),
                dedupe_key=f"profiles.confirm:{organization.pk}:{now:%Y%m%d}",
            )
        flagged += 1
    return flagged
