import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from profiles import tasks
from profiles.models import Listing, Organization
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_runs_expiry_and_freshness_daily():
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "profiles.tasks.expire_listings" in tasks_scheduled
    assert "profiles.tasks.flag_stale_profiles" in tasks_scheduled


def test_the_expiry_task_closes_a_listing_past_its_date(npo):
    listing = ListingFactory(organization=npo, until=timezone.localdate() - datetime.timedelta(1))
    assert tasks.expire_listings.delay().get() == 1
    assert Listing.objects.get(pk=listing.pk).status == "closed"


def test_the_freshness_task_flags_old_profiles(npo, npo_editor):
    Organization.objects.filter(pk=npo.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=366)
    )
    assert tasks.flag_stale_profiles.delay().get() == 1
