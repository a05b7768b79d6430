"""The journeys of issue 15, each walked in Chromium at desktop and phone width with axe:
a newcomer's first hour up to the first suggestion, and the others as they land."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.factories import ListingFactory, OrganizationFactory, UserFactory, tag, tags
from tests.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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
    from profiles.services.listings import listing_create
    from profiles.services.organizations import organization_create

    partner = OrganizationFactory(
        kind="npo", name="太白ボランティアの会", ward=tag("area", "taihaku")
    )
    ListingFactory(organization=partner, kind="offer", tags=[tag("resource", "volunteers")])
    newcomer = UserFactory(display_name="新しく来た人")
    staff = UserFactory(display_name="支援センター職員", is_staff=True)
    org = organization_create(
        by=newcomer, kind="neighborhood_association", name="八木山南町内会",
        name_kana="ヤギヤマミナミチョウナイカイ", ward=tag("area", "taihaku"),
    )  # fmt: skip
    listing_create(
        organization=org, by=newcomer, kind="need", title="祭りの担い手",
        tags=tags("resource", "volunteers"),
    )  # fmt: skip
    listing_create(
        organization=org, by=newcomer, kind="offer", title="集会所を貸せます",
        tags=tags("resource", "venue"),
    )  # fmt: skip

    # Waiting for review: the home page says what happens next and keeps the first steps.
    sign_in(page.context, live_server.url, newcomer, fresh=True)
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
    sign_in(page.context, live_server.url, staff, fresh=True)
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
    sign_in(page.context, live_server.url, newcomer, fresh=True)
    page.goto(live_server.url + "/notifications/")
    assert "「八木山南町内会」のプロフィールが公開されました" in page.locator("main").inner_text()
    page.goto(live_server.url + "/suggestions/")
    first = page.locator(".suggestion").first
    assert "太白ボランティアの会" in first.inner_text()
    assert page.locator(".review-notice").count() == 0
    check(page, axe, screenshot_dir, "journey1-first-suggestion")


def test_a_company_goes_from_what_it_offers_to_its_csr_report(
    live_server, page, axe, screenshot_dir
):
    """A company member opens 企業の方へ from home, picks offers, sees ranked groups with
    reasons, records a collaboration with hours, in-kind value and SDGs, the partner consents
    to be quoted, and the company opens, prints and downloads its report for the year."""

    from django.utils import timezone

    from matching.introductions import services as introductions
    from tests.factories import MembershipFactory

    company = OrganizationFactory(
        kind="company", name="株式会社 杜の都電機", ward=tag("area", "aoba"), yoshi_declared=True
    )
    town = OrganizationFactory(
        kind="neighborhood_association", name="片平一丁目町内会", ward=tag("area", "aoba"),
        fields=tags("field", "community-development"),
    )  # fmt: skip
    ListingFactory(
        organization=town, title="夏祭りの担い手を募集", tags=[tag("resource", "volunteers")],
        description="設営や模擬店を手伝ってくれる方を探しています。",
    )  # fmt: skip
    youth = OrganizationFactory(kind="youth_group", name="若林ユースラボ", ward=tag("area", "aoba"))
    ListingFactory(organization=youth, title="活動資金の協賛", tags=[tag("resource", "funding")])
    company_member = MembershipFactory(organization=company, role="owner").user
    town_owner = MembershipFactory(organization=town, role="owner").user
    intro = introductions.introduction_request(
        requester=company, recipient=town, by=company_member, message="社員ボランティアで"
    )
    introductions.introduction_accept(introduction=intro, by=town_owner)

    # From home to 企業の方へ; two offers picked; ranked groups with reasons.
    sign_in(page.context, live_server.url, company_member, fresh=True)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="企業の方へ：提供できることから団体をさがす").click()
    assert page.locator("h1").inner_text() == "企業の方へ"
    check(page, axe, screenshot_dir, "journey-company-offers")
    page.get_by_label("社員ボランティア").check()
    page.get_by_label("資金・協賛").check()
    page.get_by_role("button", name="応えられる団体をさがす").click()
    results = page.locator(".offer-result")
    assert results.count() == 2
    first = results.first.inner_text()
    assert "1位" in first
    assert "片平一丁目町内会" in first
    assert "『夏祭りの担い手を募集』に、貴団体の提供『社員ボランティア』が役立ちます" in first
    assert "相性" in first
    check(page, axe, screenshot_dir, "journey-company-ranked-groups")

    # The introduction names both sides as links, each with a preview of its listings.
    page.goto(live_server.url + reverse("introductions:detail", args=[intro.pk]))
    party = page.locator(".party").filter(has_text="片平一丁目町内会")
    assert "夏祭りの担い手を募集" in party.inner_text()
    check(page, axe, screenshot_dir, "journey-company-introduction")

    # The collaboration, with what the company brought.
    page.goto(live_server.url + reverse("introductions:collaboration_new") + f"?partner={town.pk}")
    page.get_by_label("協働の名前").fill("夏祭りの設営と模擬店")
    page.get_by_label("自分の団体が持ち寄るもの").fill("社員ボランティア10名")
    page.get_by_label("相手が持ち寄るもの").fill("会場と段取り")
    page.get_by_label("開始日").fill(timezone.localdate().isoformat())
    page.get_by_label("社員ボランティアの延べ時間（任意）").fill("40")
    page.get_by_label("物品・サービス提供の金額換算（円・任意）").fill("30000")
    page.get_by_label("11. 住み続けられるまちづくりを").check()
    page.get_by_role("button", name="記録する").click()
    assert "40 時間" in page.locator("main").inner_text()
    assert "30,000 円" in page.locator("main").inner_text()
    check(page, axe, screenshot_dir, "journey-company-collaboration")
    collaboration_url = page.url

    # The 町内会 writes its words and agrees to be quoted.
    sign_in(page.context, live_server.url, town_owner, fresh=True)
    page.goto(collaboration_url)
    side = page.locator(".quote-side").filter(has_text="片平一丁目町内会")
    side.get_by_label("協働についてのひとこと（任意）").fill(
        "社員の皆さんのおかげで夏祭りを続けられました。"
    )
    side.get_by_label("相手の団体が活動報告").check()
    side.get_by_role("button", name="声を保存する").click()
    assert "声と引用への同意を保存しました。" in page.locator("main").inner_text()

    # The company opens the year's report, prints it and downloads the CSV.
    sign_in(page.context, live_server.url, company_member, fresh=True)
    page.goto(live_server.url + reverse("introductions:collaborations"))
    page.get_by_role("link", name="CSR・四方よし活動報告（株式会社 杜の都電機）").click()
    body = page.locator("main").inner_text()
    assert "40 時間" in body
    assert "30,000 円" in body
    assert "社員の皆さんのおかげで夏祭りを続けられました。" in body
    assert "仙台「四方よし」宣言企業" in body
    assert page.locator("svg.chart").count() == 3
    check(page, axe, screenshot_dir, "journey-company-report")
    assert page.get_by_role("button", name="印刷する（A4）").is_visible()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    assert not page.locator(".csr-tools").is_visible()
    page.screenshot(path=f"{screenshot_dir}/journey-company-report-print.png", full_page=True)
    page.pdf(path=f"{screenshot_dir}/journey-company-report.pdf", format="A4")
    page.emulate_media(media="screen")
    page.set_viewport_size(DESKTOP)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSVで書き出す").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "夏祭りの設営と模擬店" in text
    assert "社員の皆さんのおかげで" in text

    # The same report in English.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert "CSR and Yomo-yoshi activity report" in page.locator("main").inner_text()
    check(page, axe, screenshot_dir, "journey-company-report-en")
