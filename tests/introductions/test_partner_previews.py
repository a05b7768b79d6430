"""Names are links, and a partner's kind, ward and a few listings show beside its name on
introduction and suggestion pages."""

import pytest
from django.urls import reverse

from tests.factories import ListingFactory, tag

pytestmark = pytest.mark.django_db


def test_an_introduction_links_both_sides_and_previews_them(
    client, request_intro, chonaikai, npo, npo_editor
):
    ListingFactory(organization=chonaikai, title="夏祭りの担い手を募集")
    ListingFactory(
        organization=npo, kind="offer", title="調理室の貸し出し", tags=[tag("resource", "venue")]
    )
    client.force_login(npo_editor)
    page = client.get(reverse("introductions:detail", args=[request_intro.pk])).content.decode()
    requester_link = (
        f'<a href="{reverse("profiles:detail", args=[chonaikai.pk])}">片平一丁目町内会</a>'
    )
    assert f"{requester_link} からの依頼" in page
    assert "夏祭りの担い手を募集" in page
    assert "調理室の貸し出し" in page
    assert "町内会・自治会" in page
    assert "青葉区" in page


def test_a_preview_shows_no_listing_still_under_review(
    client, request_intro, chonaikai, npo_editor
):
    ListingFactory(organization=chonaikai, title="確認待ちの募集", moderation="pending")
    client.force_login(npo_editor)
    page = client.get(reverse("introductions:detail", args=[request_intro.pk])).content.decode()
    assert "確認待ちの募集" not in page
