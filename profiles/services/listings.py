"""Needs and offers: create, edit, close, delete, the support center's review (publish,
return), and the periodic close of expired listings."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.models import Facet, Tag

from ..models import Listing, ListingStatus, ModerationStatus, Organization, User
from ..predicates import acts_as_staff, is_staff
from ._common import (
    announce,
    announce_published,
    check_tags,
    notify_owners,
    require_editor,
    require_staff,
    return_reason,
)
from .reindex import listing_reindex, organization_reindex

LISTING_FIELDS = ["kind", "title", "description", "ward", "until"]
LISTING_TAG_FACETS = {Facet.RESOURCE, Facet.TARGET, Facet.FIELD}


def _check_listing_tags(tags) -> list[Tag]:
    tags = check_tags(tags, LISTING_TAG_FACETS, "tags")
    if not any(t.facet == Facet.RESOURCE for t in tags):
        raise ValidationError({"tags": _("資源のタグを1つ以上選んでください")})
    return tags


def _after_listing_change(listing: Listing, reason: str, was_public: bool) -> None:
    listing_reindex(listing=listing)
    organization_reindex(organization=listing.organization)
    announce(listing.organization_id, reason)
    now_public = (
        listing.moderation == ModerationStatus.PUBLISHED
        and listing.status == ListingStatus.OPEN
        and listing.organization.is_public
    )
    if now_public and not was_public:
        announce_published(listing.pk)


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
    require_editor(by, organization)
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
            if organization.verified or is_staff(by)
            else ModerationStatus.PENDING
        ),
    )
    if until and until < timezone.localdate():
        raise ValidationError({"until": _("期限に過去の日付は使えません")})
    listing.full_clean()
    listing.save()
    listing.tags.set(tags)
    if acts_as_staff(by, organization):
        audit_record(actor=by, action="listing.create", target=listing)
    _after_listing_change(listing, "listing.created", was_public=False)
    return listing


@transaction.atomic
def listing_update(*, listing: Listing, by: User, tags=None, **attrs) -> Listing:
    require_editor(by, listing)
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
    if acts_as_staff(by, listing.organization):
        audit_record(actor=by, action="listing.edit", target=listing)
    _after_listing_change(listing, "listing.updated", was_public)
    return listing


@transaction.atomic
def listing_close(*, listing: Listing, by: User | None) -> Listing:
    """Close a listing (by a member, or by the expiry task when `by` is None)."""
    if by is not None:
        require_editor(by, listing)
    listing.status = ListingStatus.CLOSED
    listing.save(update_fields=["status", "updated_at"])
    _after_listing_change(listing, "listing.closed", was_public=True)
    return listing


@transaction.atomic
def listing_delete(*, listing: Listing, by: User) -> None:
    require_editor(by, listing)
    organization = listing.organization
    listing.delete()
    organization_reindex(organization=organization)
    announce(organization.pk, "listing.deleted")


def _moderate_listing(listing, by, *, action, moderation, comment=""):
    require_staff(by)
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
def listings_publish_pending(*, organization: Organization, by: User, comment: str = "") -> None:
    """Publish the listings that waited in review with their profile, as the profile is
    published (organization_publish). Listings published earlier become public only now, with
    the profile: the matcher hears about them too."""
    already_published = list(organization.listings.published().values_list("pk", flat=True))
    for listing in organization.listings.filter(moderation=ModerationStatus.PENDING):
        _moderate_listing(
            listing, by, action="listing.publish", moderation=ModerationStatus.PUBLISHED,
            comment=comment,
        )  # fmt: skip
    for listing_id in already_published:
        announce_published(listing_id)


@transaction.atomic
def listing_return(*, listing: Listing, by: User, comment: str) -> Listing:
    comment = return_reason(comment)
    listing = _moderate_listing(
        listing, by, action="listing.return", moderation=ModerationStatus.RETURNED,
        comment=comment,
    )  # fmt: skip
    notify_owners(
        listing.organization,
        kind="profiles.listing_returned",
        title=_("「%(title)s」が差し戻されました") % {"title": listing.title},
        body=comment,
        url=reverse("profiles:edit", args=[listing.organization_id]),
    )
    return listing


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
