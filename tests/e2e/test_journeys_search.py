"""Two journeys of issue 15 in Chromium, at desktop and phone width with axe: a saved search
that ends in a notification, and a search that explains its results."""

import pytest

from tests.e2e.test_journeys import check
from tests.e2e.threads import off_the_browser_loop
from tests.factories import UserFactory, tag, tags
from tests.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _publish(staff, name, kana, *, kind, ward, need_title, resource, targets=()):
    """The support center adds a group with one need (published at once, as staff do)."""
    from profiles.services.listings import listing_create
    from profiles.services.organizations import organization_create

    org = organization_create(
        by=staff, publish=True, kind=kind, name=name, name_kana=kana, ward=tag("area", ward)
    )
    listing_create(
        organization=org, by=staff, kind="need", title=need_title,
        tags=tags("resource", resource) + tags("target", *targets),
    )  # fmt: skip
    return org


def test_a_saved_search_ends_in_a_notification(live_server, page, axe, screenshot_dir):
    staff = UserFactory(display_name="支援センター職員", is_staff=True)
    person = UserFactory(display_name="IT ボランティアの人")
    sign_in(page.context, live_server.url, person, fresh=True)

    # The directory, filtered by the form: 町内会・自治会 in 太白区 that need IT help.
    page.goto(live_server.url + "/directory/")
    page.locator("details.filters summary").click()
    page.get_by_label("種別", exact=True).select_option("neighborhood_association")
    page.get_by_label("区・地域").select_option("taihaku")
    page.get_by_label("求めていること（資源）").select_option("it-digital")
    page.get_by_role("button", name="検索", exact=True).click()
    # The results (and the button saving what they show) follow the last change.
    page.locator('#results input[name=query][value*="need=it-digital"]').wait_for(state="attached")
    save = page.get_by_role("button", name="この条件で検索を保存")
    # One button, reachable from the keyboard.
    save.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/searches/")
    main = page.locator("main")
    assert "検索を保存しました" in main.inner_text()
    listed = page.locator(".saved-search").first.inner_text()
    assert "町内会・自治会" in listed
    assert "太白区" in listed
    assert "IT・デジタル" in listed
    check(page, axe, screenshot_dir, "journey-saved-search-list")

    # A matching group is published afterwards; one that does not match is published too.
    off_the_browser_loop(
        _publish, staff, "長町五丁目町内会", "ナガマチゴチョウメチョウナイカイ",
        kind="neighborhood_association", ward="taihaku",
        need_title="回覧板をデジタルにしたい", resource="it-digital",
    )  # fmt: skip
    off_the_browser_loop(
        _publish, staff, "青葉台町内会", "アオバダイチョウナイカイ",
        kind="neighborhood_association", ward="aoba",
        need_title="回覧板のデジタル化", resource="it-digital",
    )  # fmt: skip

    page.goto(live_server.url + "/notifications/")
    note = page.locator(".notification-list li").first
    text = note.inner_text()
    assert "保存した検索「町内会・自治会、太白区、IT・デジタル」に新しい団体が1件あります" in text
    assert "長町五丁目町内会" in text
    assert "青葉台町内会" not in page.locator("main").inner_text()
    check(page, axe, screenshot_dir, "journey-saved-search-notification")

    # Opening it runs the saved search: the new group is there.
    note.get_by_role("button", name="開く").click()
    page.wait_for_url("**/directory/?**")
    assert "長町五丁目町内会" in page.locator("#results").inner_text()

    # The list deletes it (only the owner ever sees it).
    page.goto(live_server.url + "/searches/")
    page.get_by_role("button", name="削除").first.click()
    page.wait_for_url("**/searches/")
    assert "保存した検索を削除しました" in page.locator("main").inner_text()
    assert page.locator(".saved-search").count() == 0


def test_a_search_explains_why_each_result_matched(live_server, page, axe, screenshot_dir):
    staff = UserFactory(display_name="支援センター職員", is_staff=True)

    def directory():
        # In 五十音順 the exact 子ども食堂 would come last (its reading starts with わ).
        _publish(staff, "子ども食堂", "ワコドモショクドウ", kind="npo", ward="wakabayashi",
                 need_title="食材の寄付", resource="food")  # fmt: skip
        _publish(staff, "あおば子ども食堂ネット", "アオバコドモショクドウネット", kind="npo",
                 ward="aoba", need_title="配膳ボランティア", resource="volunteers")  # fmt: skip
        _publish(staff, "いずみ見守りの会", "イズミミマモリノカイ", kind="npo", ward="izumi",
                 need_title="見守りの担い手", resource="volunteers",
                 targets=["children"])  # fmt: skip
        _publish(staff, "うみの町内会", "ウミノチョウナイカイ", kind="neighborhood_association",
                 ward="miyagino", need_title="子ども食堂の会場を探しています",
                 resource="venue")  # fmt: skip

    off_the_browser_loop(directory)
    page.goto(live_server.url + "/directory/")
    page.get_by_label("キーワード").fill("こども")
    page.get_by_role("button", name="検索", exact=True).click()
    page.wait_for_url("**/directory/?**q=**")
    cards = page.locator(".org-card")
    cards.nth(3).wait_for()
    # Names first (both in 五十音順), then the tag hit, then the listing text hit.
    names = [cards.nth(i).locator("h3").inner_text() for i in range(4)]
    assert names == ["あおば子ども食堂ネット", "子ども食堂", "いずみ見守りの会", "うみの町内会"]
    assert "一致: 名前「子ども食堂」" in cards.nth(1).inner_text()
    assert "一致: タグ「子ども」" in cards.nth(2).inner_text()
    assert "一致: ニーズ「子ども食堂の会場を探しています」" in cards.nth(3).inner_text()
    check(page, axe, screenshot_dir, "journey-search-explains")

    # The exact name comes first.
    page.goto(live_server.url + "/directory/?q=子ども食堂")
    assert page.locator(".org-card h3").first.inner_text() == "子ども食堂"

    # 五十音順 is an option.
    page.goto(live_server.url + "/directory/?q=こども&sort=kana")
    assert page.locator(".org-card h3").last.inner_text() == "子ども食堂"

    # The listing search explains itself too: the title hit first.
    page.goto(live_server.url + "/directory/listings/?q=子ども食堂")
    first = page.locator(".listing").first.inner_text()
    assert "子ども食堂の会場を探しています" in first
    assert "一致: 件名「子ども食堂の会場を探しています」" in first
    check(page, axe, screenshot_dir, "journey-search-explains-listings")

    # In English the line reads in English.
    page.goto(live_server.url + "/directory/?q=子ども食堂")
    page.get_by_role("button", name="English").click()
    page.locator("html[lang=en]").wait_for()
    page.goto(live_server.url + "/directory/?q=子ども食堂")
    assert "Matched: name “子ども食堂”" in page.locator(".org-card").first.inner_text()
    check(page, axe, screenshot_dir, "journey-search-explains-en")
