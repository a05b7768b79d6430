"""The console home lists what needs attention today."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.console.conftest import backdate
from tests.factories import ListingFactory, OrganizationFactory

HOME = reverse("console:home")


def test_a_profile_waiting_for_review_is_listed(staff_client):
    OrganizationFactory(name="審査待ち子ども会", status="pending")
    assert "審査待ち子ども会" in staff_client.get(HOME).content.decode()


def test_a_published_profile_is_not_in_the_review_queue(staff_client):
    OrganizationFactory(name="公開済み子ども会", status="published")
    assert "公開済み子ども会" not in staff_client.get(HOME).content.decode()


def test_a_listing_waiting_for_review_is_listed(staff_client, npo):
    ListingFactory(organization=npo, title="配食ボランティア募集", moderation="pending")
    assert "配食ボランティア募集" in staff_client.get(HOME).content.decode()


def test_a_published_listing_is_not_in_the_review_queue(staff_client, npo):
    ListingFactory(organization=npo, title="配食ボランティア募集", moderation="published")
    assert "配食ボランティア募集" not in staff_client.get(HOME).content.decode()


def test_a_profile_not_confirmed_for_thirteen_months_is_stale(staff_client):
    org = OrganizationFactory(name="古い町内会")
    backdate(org, last_confirmed_at=timezone.now() - timedelta(days=400))
    assert "古い町内会" in staff_client.get(HOME).content.decode()


def test_a_profile_confirmed_last_month_is_not_stale(staff_client):
    org = OrganizationFactory(name="新しい町内会")
    backdate(org, last_confirmed_at=timezone.now() - timedelta(days=30))
    assert "新しい町内会" not in staff_client.get(HOME).content.decode()


def test_a_never_confirmed_profile_older_than_a_year_is_stale(staff_client):
    org = OrganizationFactory(name="確認のない団体")
    backdate(org, created_at=timezone.now() - timedelta(days=500))
    assert "確認のない団体" in staff_client.get(HOME).content.decode()


def test_the_queue_links_each_organization_to_its_curate_page(staff_client):
    org = OrganizationFactory(status="pending")
    url = reverse("console:curate_organization", args=[org.pk])
    assert url in staff_client.get(HOME).content.decode()


def test_an_empty_queue_says_there_is_nothing_to_review(staff_client):
    assert "審査待ちの団体はありません。" in staff_client.get(HOME).content.decode()


def _queries_for_home(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    return len(queries)


def test_the_home_page_needs_no_more_queries_for_a_longer_queue(staff_client):
    OrganizationFactory(status="pending")
    short = _queries_for_home(staff_client)
    for _ in range(25):
        org = OrganizationFactory(status="pending")
        ListingFactory(organization=org, moderation="pending")
    assert _queries_for_home(staff_client) == short
