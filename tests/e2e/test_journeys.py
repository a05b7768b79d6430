"""The journeys of issue 15, each walked in Chromium at desktop and phone width with axe:
a newcomer's first hour up to the first suggestion, and the others as they land."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.factories import ListingFactory, OrganizationFactory, UserFactory, tag, tags

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME,
          "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )  # fmt: skip


def check(page, axe, shots, name) -> None:
    """axe at desktop, then the same page at phone width: no sideways scroll, axe again."""
    page.set_viewport_size(DESKTOP)
    page.reload()
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{shots}/{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.reload()
    assert fits_width(page), f"{name} scrolls sideways at 320 px"
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{shots}/{name}-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_newcomer_goes_from_sign_up_to_a_first_suggestion(live_server, page, axe, screenshot_dir):
    from profiles import services

    partner = OrganizationFactory(
        kind="npo", name="太白ボランティアの会", ward=tag("area", "taihaku")
    )
    ListingFactory(organization=partner, kind="offer", tags=[tag("resource", "volunteers")])
    newcomer = UserFactory(display_name="新しく来た人")
    staff = UserFactory(display_name="支援センター職員", is_staff=True)
    org = services.organization_create(
        by=newcomer, kind="neighborhood_association", name="八木山南町内会",
        name_kana="ヤギヤマミナミチョウナイカイ", ward=tag("area", "taihaku"),
    )  # fmt: skip
    services.listing_create(
        organization=org, by=newcomer, kind="need", title="祭りの担い手",
        tags=tags("resource", "volunteers"),
    )  # fmt: skip
    services.listing_create(
        organization=org, by=newcomer, kind="offer", title="集会所を貸せます",
        tags=tags("resource", "venue"),
    )  # fmt: skip

    # Waiting for review: the home page says what happens next and keeps the first steps.
    sign_in(page, live_server, newcomer)
    page.goto(live_server.url + "/")
    notice = page.locator(".review-notice")
    assert "プロフィールは確認中です" in notice.inner_text()
    assert "支援センター職員" in notice.inner_text()
    assert "5 項目中 3 項目が完了" in page.locator(".first-steps").inner_text()
    check(page, axe, screenshot_dir, "journey1-home-in-review")

    # The suggestions page tells the truth: under review, not "register a need".
    page.goto(live_server.url + "/suggestions/")
    body = page.locator("main").inner_text()
    assert "プロフィールの確認が終わるまで" in body
    assert "登録すると、相性のよい団体が表示されます" not in body
    check(page, axe, screenshot_dir, "journey1-suggestions-in-review")

    # The support center publishes the profile from its review queue.
    sign_in(page, live_server, staff)
    page.goto(live_server.url + "/staff/review/")
    assert "八木山南町内会" in page.locator("main").inner_text()
    page.goto(live_server.url + f"/organizations/{org.pk}/")
    page.get_by_role("button", name="公開する").first.click()
    page.wait_for_load_state()
    # The console shows the new group's partners with a fit in words and a bar, no raw score.
    page.goto(live_server.url + reverse("console:curate_organization", args=[org.pk]))
    fit = page.locator("p.fit").first
    assert "相性:" in fit.inner_text()
    assert page.locator("meter").count() >= 1
    assert "スコア" not in page.locator("main").inner_text()
    check(page, axe, screenshot_dir, "journey1-console-fit")

    # Back as the newcomer: a notification, and the first suggestion with its reason.
    sign_in(page, live_server, newcomer)
    page.goto(live_server.url + "/notifications/")
    assert "「八木山南町内会」のプロフィールが公開されました" in page.locator("main").inner_text()
    page.goto(live_server.url + "/suggestions/")
    first = page.locator(".suggestion").first
    assert "太白ボランティアの会" in first.inner_text()
    assert page.locator(".review-notice").count() == 0
    check(page, axe, screenshot_dir, "journey1-first-suggestion")
