"""Reverse alerts: a new offer tells the organizations whose needs it meets, a new need those
whose offers meet it — once, batched."""

import pytest
from django.utils import timezone

from core.models import Notification
from matching import services
from matching.services import listing_alerts_send
from profiles.models import Listing
from profiles.signals import listing_published
from tests.factories import MembershipFactory, OrganizationFactory
from tests.matching.conftest import listing


def publish(new_listing, capture):
    with capture(execute=True):
        listing_published.send(sender=Listing, listing_id=new_listing.pk)


@pytest.fixture
def needy(directory, chonaikai_owner, npo_editor):
    return directory


def test_a_new_offer_notifies_the_members_whose_needs_it_meets(
    needy, chonaikai_owner, npo_editor, django_capture_on_commit_callbacks
):
    offer = listing(needy["university"], "offer", "successors", title="OB・OG人材バンク")
    publish(offer, django_capture_on_commit_callbacks)
    assert (
        Notification.objects.filter(user=chonaikai_owner, kind="matching.listing_alert").count()
        == 1
    )
    assert "OB・OG人材バンク" in Notification.objects.get(user=chonaikai_owner).body


def test_an_organization_whose_needs_the_offer_does_not_meet_is_not_notified(
    needy, npo_editor, django_capture_on_commit_callbacks
):
    offer = listing(needy["university"], "offer", "successors")
    publish(offer, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(user=npo_editor).exists()


def test_a_new_need_notifies_the_members_whose_offers_meet_it(
    needy, chonaikai_owner, npo_editor, django_capture_on_commit_callbacks
):
    need = listing(needy["university"], "need", "venue", title="ゼミ発表会の会場を探しています")
    publish(need, django_capture_on_commit_callbacks)
    [note] = Notification.objects.filter(user=chonaikai_owner, kind="matching.listing_alert")
    assert note.title == "あなたの団体の提供が役立つ新しい募集があります"
    assert "ゼミ発表会の会場を探しています" in note.body
    assert not Notification.objects.filter(user=npo_editor).exists()


def test_a_new_need_and_a_new_offer_in_one_batch_make_one_notification(needy, chonaikai_owner):
    for kind, resource in (("need", "venue"), ("offer", "successors")):
        services.listing_alert_enqueue(
            listing_id=listing(needy["university"], kind, resource, title=f"新着{kind}").pk
        )
    listing_alerts_send()
    [note] = Notification.objects.filter(user=chonaikai_owner)
    assert note.title == "あなたの団体に合う新しい募集・提供があります"
    assert "新着need" in note.body
    assert "新着offer" in note.body


def test_a_need_alerts_nobody_twice(needy, chonaikai_owner):
    need = listing(needy["university"], "need", "venue")
    services.listing_alert_enqueue(listing_id=need.pk)
    listing_alerts_send()
    services.listing_alert_enqueue(listing_id=need.pk)  # published again: already queued once
    listing_alerts_send()
    assert Notification.objects.filter(user=chonaikai_owner).count() == 1


def test_several_offers_in_one_batch_make_one_notification_per_organization(needy, chonaikai_owner):
    for title in ("人材バンク", "学生サークル紹介", "シニア人材"):
        services.listing_alert_enqueue(
            listing_id=listing(needy["university"], "offer", "successors", title=title).pk
        )
    listing_alerts_send()
    [note] = Notification.objects.filter(user=chonaikai_owner)
    assert "人材バンク" in note.body
    assert "シニア人材" in note.body


def test_an_organization_is_alerted_at_most_once_a_day(needy, chonaikai_owner):
    services.listing_alert_enqueue(
        listing_id=listing(needy["university"], "offer", "successors").pk
    )
    listing_alerts_send()
    services.listing_alert_enqueue(listing_id=listing(needy["company"], "offer", "successors").pk)
    listing_alerts_send()
    assert Notification.objects.filter(user=chonaikai_owner).count() == 1


def test_the_next_day_a_new_offer_alerts_again(needy, chonaikai_owner):
    services.listing_alert_enqueue(
        listing_id=listing(needy["university"], "offer", "successors").pk
    )
    listing_alerts_send()
    services.listing_alert_enqueue(listing_id=listing(needy["company"], "offer", "successors").pk)
    listing_alerts_send(now=timezone.now() + timezone.timedelta(days=1, minutes=1))
    assert Notification.objects.filter(user=chonaikai_owner).count() == 2


def test_one_batch_alerts_no_more_organizations_than_the_cap(needy, monkeypatch):
    monkeypatch.setattr(services, "ALERTS_PER_RUN", 2)
    for i in range(5):
        org = OrganizationFactory(name=f"町内会{i}", kind="neighborhood_association")
        MembershipFactory(organization=org)
        listing(org, "need", "transport")
    services.listing_alert_enqueue(listing_id=listing(needy["company"], "offer", "transport").pk)
    assert listing_alerts_send() == 2
    assert Notification.objects.count() == 2


def test_the_same_listing_never_alerts_the_same_organization_twice(needy, chonaikai_owner):
    offer = listing(needy["university"], "offer", "successors")
    services.listing_alert_enqueue(listing_id=offer.pk)
    listing_alerts_send()
    Notification.objects.all().delete()
    services.listing_alert_enqueue(listing_id=offer.pk)
    listing_alerts_send(now=timezone.now() + timezone.timedelta(days=2))
    assert not Notification.objects.exists()


def test_an_alert_says_which_of_the_organizations_own_listings_the_new_one_meets(
    needy, chonaikai_owner, django_capture_on_commit_callbacks
):
    offer = listing(needy["university"], "offer", "successors", title="OB・OG人材バンク")
    publish(offer, django_capture_on_commit_callbacks)
    body = Notification.objects.get(user=chonaikai_owner).body
    assert "OB・OG人材バンク」（貴団体の募集『夏祭りの担い手募集』に）" in body


def test_an_alert_reads_in_english_for_an_english_reader(
    needy, chonaikai_owner, django_capture_on_commit_callbacks
):
    chonaikai_owner.preferred_language = "en"
    chonaikai_owner.save()
    offer = listing(needy["university"], "offer", "successors", title="OB・OG人材バンク")
    publish(offer, django_capture_on_commit_callbacks)
    body = Notification.objects.get(user=chonaikai_owner).body
    assert "OB・OG人材バンク」 (meets your need “夏祭りの担い手募集”)" in body
