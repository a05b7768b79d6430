import io

import pytest
from django.core.management import call_command

from profiles.demo import DEMO_MEMBER
from profiles.models import Listing, Organization, OrganizationKind

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_every_kind_in_every_ward_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    count = Organization.objects.count()
    assert count >= 55
    assert set(Organization.objects.values_list("kind", flat=True)) == set(OrganizationKind.values)
    assert Organization.objects.values("ward").distinct().count() == 7
    for org in Organization.objects.all():
        kinds = set(org.listings.values_list("kind", flat=True))
        assert kinds == {"need", "offer"}, org.name
    listings = Listing.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Organization.objects.count() == count
    assert Listing.objects.count() == listings


def test_the_demo_member_owns_a_neighborhood_association():
    call_command("seed_demo", stdout=io.StringIO())
    membership = Organization.objects.get(external_id="demo-katahira1").memberships.get()
    assert membership.user.email == DEMO_MEMBER[0]
    assert membership.role == "owner"
    assert membership.organization.kind == "neighborhood_association"
