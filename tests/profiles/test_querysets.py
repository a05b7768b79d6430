"""The visibility rules live on the querysets: one definition of a published organization and
of a public listing, used by the directory, the API, the matcher and the console alike."""

import datetime as dt

from django.utils import timezone

from matching.services import open_listings
from profiles import kinds
from profiles.models import (
    THEME_KINDS,
    Listing,
    ListingStatus,
    ModerationStatus,
    Organization,
    OrganizationKind,
)
from profiles.selectors import listing_directory
from tests.factories import ListingFactory, OrganizationFactory


def test_the_plain_kinds_module_names_every_organization_kind():
    assert set(kinds.ALL_KINDS) == set(OrganizationKind.values)
    assert THEME_KINDS == kinds.THEME_KINDS
    assert kinds.NEIGHBORHOOD_ASSOCIATION not in THEME_KINDS
    assert kinds.PUBLIC not in THEME_KINDS


def test_published_organizations_leave_out_drafts_pending_and_returned_ones(db):
    shown = OrganizationFactory()
    for status in (ModerationStatus.DRAFT, ModerationStatus.PENDING, ModerationStatus.RETURNED):
        OrganizationFactory(status=status)
    assert list(Organization.objects.published()) == [shown]


def test_a_public_listing_is_approved_open_in_date_and_of_a_published_organization(db):
    today = timezone.localdate()
    public = ListingFactory(until=today)
    ListingFactory(until=today - dt.timedelta(days=1))  # past its date
    ListingFactory(status=ListingStatus.CLOSED)
    ListingFactory(moderation=ModerationStatus.PENDING)
    ListingFactory(organization=OrganizationFactory(status=ModerationStatus.DRAFT))
    assert list(Listing.objects.public()) == [public]


def test_the_directory_and_the_matcher_read_the_same_public_listings(db, outsider):
    ListingFactory()
    ListingFactory(until=timezone.localdate() - dt.timedelta(days=3))
    ListingFactory(organization=OrganizationFactory(status=ModerationStatus.PENDING))
    expected = set(Listing.objects.public().values_list("pk", flat=True))
    assert len(expected) == 1
    assert set(open_listings().values_list("pk", flat=True)) == expected
    assert set(listing_directory(viewer=outsider).values_list("pk", flat=True)) == expected


def test_live_listings_of_an_organization_under_review_still_count_for_curation(db):
    pending = OrganizationFactory(status=ModerationStatus.PENDING)
    listing = ListingFactory(organization=pending)
    assert list(Listing.objects.live().filter(organization=pending)) == [listing]
    assert not Listing.objects.public().filter(organization=pending).exists()


def test_stale_profiles_are_those_unconfirmed_for_a_year(db):
    now = timezone.now()
    stale = OrganizationFactory(last_confirmed_at=now - dt.timedelta(days=400))
    OrganizationFactory(last_confirmed_at=now - dt.timedelta(days=30))
    assert list(Organization.objects.stale(now=now)) == [stale]
