"""A new organization's first hour: the profile's review state is visible (what happens next,
how long, who reviews), the pages tell the truth while it waits, publishing tells the owner
(notification and e-mail) and computes suggestions at once, and the home page keeps a
checklist of first steps with progress."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from core.models import AuditLog
from matching.models import Suggestion
from profiles.onboarding import DEFAULT_REVIEW_DAYS, checklist, typical_review_days
from profiles.services.listings import listing_create
from profiles.services.membership import invitation_create
from profiles.services.organizations import (
    organization_create,
    organization_publish,
    organization_return,
)
from tests.factories import ListingFactory, OrganizationFactory, UserFactory, tag, tags

pytestmark = pytest.mark.django_db

NOT_TRUE = "「求めていること」か「提供できること」を登録すると"


@pytest.fixture
def newcomer():
    return UserFactory(display_name="新しく来た人", preferred_language="ja")


@pytest.fixture
def new_org(newcomer):
    """A 町内会 signed up a minute ago, with one need and one offer, waiting for review."""
    org = organization_create(
        by=newcomer,
        kind="neighborhood_association",
        name="八木山南町内会",
        name_kana="ヤギヤマミナミチョウナイカイ",
        ward=tag("area", "taihaku"),
        fields=tags("field", "community-development"),
    )
    listing_create(
        organization=org, by=newcomer, kind="need", title="祭りの担い手",
        tags=tags("resource", "volunteers"),
    )  # fmt: skip
    listing_create(
        organization=org, by=newcomer, kind="offer", title="集会所を貸せます",
        tags=tags("resource", "venue"),
    )  # fmt: skip
    return org


@pytest.fixture
def partner():
    """A published NPO that offers volunteers: the match the new 町内会 should get."""
    org = OrganizationFactory(kind="npo", name="太白ボランティアの会", ward=tag("area", "taihaku"))
    ListingFactory(organization=org, kind="offer", tags=[tag("resource", "volunteers")])
    return org


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_profile_waiting_for_review_says_so_on_the_suggestions_page(newcomer, new_org):
    body = _client(newcomer).get("/suggestions/").content.decode()
    assert "プロフィールは確認中です" in body
    assert "支援センター職員" in body
    assert f"確認はふつう {DEFAULT_REVIEW_DAYS} 日ほど" in body
    assert "お知らせとメールでお伝えし" in body
    assert NOT_TRUE not in body  # both a need and an offer are registered


def test_the_home_page_shows_the_review_state_and_the_first_steps(newcomer, new_org):
    body = _client(newcomer).get("/").content.decode()
    assert "プロフィールは確認中です" in body
    assert "はじめの一歩" in body
    assert "5 項目中 3 項目が完了" in body
    assert '<progress id="first-steps-progress-' in body
    assert "メンバーを招待する" in body


def test_the_checklist_counts_what_is_done(newcomer, new_org, staff):
    assert [s.key for s in checklist(new_org)["steps"] if not s.done] == ["published", "members"]
    invitation_create(organization=new_org, by=newcomer, email="second@example.org")
    organization_publish(organization=new_org, by=staff)
    new_org.refresh_from_db()
    assert checklist(new_org)["complete"]
    # Once every step is done the checklist leaves the home page.
    assert "はじめの一歩" not in _client(newcomer).get("/").content.decode()


def test_publishing_tells_the_owner_and_computes_suggestions_at_once(
    newcomer, new_org, partner, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organization_publish(organization=new_org, by=staff)
    notice = newcomer.notifications.get(kind="profiles.published")
    assert notice.title == "「八木山南町内会」のプロフィールが公開されました"
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert "八木山南町内会" in mail.outbox[0].subject
    # The listings it arrived with went public with it, and the matcher ran.
    assert not new_org.listings.filter(moderation="pending").exists()
    assert Suggestion.objects.filter(organization=new_org, partner=partner).exists()
    body = _client(newcomer).get("/suggestions/").content.decode()
    assert "太白ボランティアの会" in body
    assert "プロフィールは確認中です" not in body


def test_a_returned_profile_shows_the_staffs_comment(newcomer, new_org, staff):
    organization_return(organization=new_org, by=staff, comment="活動区域を書いてください")
    body = _client(newcomer).get("/").content.decode()
    assert "プロフィールが差し戻されています" in body
    assert "活動区域を書いてください" in body


def test_listings_still_in_review_are_not_called_missing(newcomer, staff):
    org = OrganizationFactory(kind="npo", name="公開済みの会")
    organization_publish(organization=org, by=staff)
    from profiles.models import Membership

    Membership.objects.create(user=newcomer, organization=org, role="owner")
    listing_create(
        organization=org, by=newcomer, kind="need", title="送迎", tags=tags("resource", "transport")
    )
    body = _client(newcomer).get("/suggestions/").content.decode()
    assert "支援センターの確認待ちです" in body
    assert NOT_TRUE not in body


def test_nobody_else_sees_the_review_notice(new_org, outsider, staff, company_member):
    # The pending profile itself is hidden from others; on a public page of another
    # organization nothing about review shows.
    for user in (outsider, company_member):
        assert "プロフィールは確認中です" not in _client(user).get("/").content.decode()
    page = _client(staff).get(f"/organizations/{new_org.pk}/").content.decode()
    assert "プロフィールは確認中です" not in page  # staff see the review actions instead
    assert "プロフィールは確認中です" not in Client().get("/").content.decode()


def test_the_typical_review_time_is_measured_from_recent_reviews(newcomer, staff):
    assert typical_review_days() == (DEFAULT_REVIEW_DAYS, False)
    now = timezone.now()
    for waited_hours in (20, 30, 80):
        org = OrganizationFactory(created_by=newcomer, status="pending")
        type(org).objects.filter(pk=org.pk).update(created_at=now - timedelta(hours=waited_hours))
        organization_publish(organization=org, by=staff)
    assert AuditLog.objects.filter(action="organization.publish").count() == 3
    assert typical_review_days() == (2, True)  # median 30 hours, rounded up to whole days
