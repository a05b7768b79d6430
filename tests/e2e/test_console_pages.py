"""The support center's console in Chromium: a staff member works through today's queue, the
dashboard, the progress report and a seating plan, at phone and desktop width, with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from matching.introductions import services as intro_services
from tests.console.conftest import (
    answer,
    at,
    backdate,
    register,
    request_introduction,
)
from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.e2e.threads import off_the_browser_loop
from tests.factories import ListingFactory, OrganizationFactory, UserFactory, tag, tags
from tests.helpers import publish_event, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KINDS = ["neighborhood_association", "npo", "company", "university", "youth_group", "public"]
WARDS = ["aoba", "miyagino", "wakabayashi", "taihaku", "izumi"]
RESOURCES = ["volunteers", "successors", "funding", "venue", "food", "transport", "it-digital"]


@pytest.fixture(autouse=True)
def vocabulary(transactional_db):
    # The shared tests/conftest.py puts back what the data migrations installed after each
    # flush; this fixture only makes the page fixtures transactional.
    return None


@pytest.fixture
def staff_page(live_server, page, vocabulary):
    staff = UserFactory(display_name="支援センター 佐藤", is_staff=True)
    sign_in(page.context, live_server.url, staff)
    page.staff = staff
    return page


def check(page, axe, shots, name):
    """Axe at desktop width, then fitting and axe at 320 px, with a screenshot of each."""
    page.set_viewport_size(DESKTOP)
    page.reload()
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{shots}/{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.reload()
    assert fits_width(page), f"{name} scrolls sideways at 320 px"
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{shots}/{name}-phone.png", full_page=True)


def town(n=18):
    orgs = []
    for i in range(n):
        org = OrganizationFactory(
            name=f"団体{i:02d}",
            kind=KINDS[i % len(KINDS)],
            ward=tag("area", WARDS[i % len(WARDS)]),
            fields=tags("field", "community-development") if i % 3 == 0 else [],
            verified=i % 2 == 0,
        )
        backdate(org, created_at=at(2026, 4 + i % 8, 3), verified_at=at(2026, 5 + i % 7, 9))
        ListingFactory(
            organization=org, kind="need", tags=[tag("resource", RESOURCES[i % len(RESOURCES)])]
        )
        ListingFactory(
            organization=org,
            kind="offer",
            tags=[tag("resource", RESOURCES[(i * 3 + 1) % len(RESOURCES)])],
        )
        orgs.append(org)
    return orgs


def test_staff_see_the_queue_and_open_a_pending_profile(
    staff_page, live_server, axe, screenshot_dir
):
    page = staff_page
    pending = OrganizationFactory(name="審査待ちの子ども会", kind="youth_group", status="pending")
    ListingFactory(organization=pending, title="遊び場の見守り", moderation="pending")
    stale = OrganizationFactory(name="長く確認のない町内会", kind="neighborhood_association")
    backdate(stale, last_confirmed_at=timezone.now() - timedelta(days=420))

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="支援センター").click()
    assert page.get_by_role("heading", name="今日の対応", level=1).is_visible()
    check(page, axe, screenshot_dir, "console-home")

    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="審査待ちの子ども会").first.click()
    assert page.get_by_role("heading", name="審査待ちの子ども会", level=1).is_visible()
    assert page.get_by_text("遊び場の見守り").is_visible()
    check(page, axe, screenshot_dir, "console-curate")


def test_the_dashboard_reads_at_phone_width(staff_page, live_server, axe, screenshot_dir):
    page = staff_page
    town()
    page.goto(live_server.url + "/console/dashboard/?fy=2026")
    assert page.locator("svg[role=img]").count() >= 5
    check(page, axe, screenshot_dir, "console-dashboard-month")

    page.set_viewport_size(DESKTOP)
    page.get_by_label("集計の単位").select_option("ward")
    page.get_by_label("区・地域", exact=True).select_option("aoba")
    page.get_by_role("button", name="表示").click()
    # htmx swaps the figures in place and puts the filters in the address for sharing.
    page.wait_for_url("**ward=aoba**")
    assert page.locator(".lead", has_text="青葉区").is_visible()
    assert page.locator("th[scope=row]", has_text="青葉区").first.is_visible()
    check(page, axe, screenshot_dir, "console-dashboard-ward")


def test_an_unknown_ward_is_explained(staff_page, live_server, axe):
    page = staff_page
    page.goto(live_server.url + "/console/dashboard/?ward=narnia")
    # In the reader's language only (issue 15: one language at a time).
    assert page.get_by_role("alert").inner_text() == "区・地域「narnia」は登録されていません"
    assert serious_violations(axe, page) == []


def test_staff_set_a_target_and_print_the_report(staff_page, live_server, axe, screenshot_dir):
    page = staff_page
    town(6)
    page.goto(live_server.url + "/console/report/targets/?fy=2026")
    page.get_by_label("登録団体数").fill("12")
    page.get_by_label("確認済み団体数").fill("3")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "/console/report/" in page.url
    assert page.locator(".grade").count() == 2
    check(page, axe, screenshot_dir, "console-report")
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.screenshot(path=f"{screenshot_dir}/console-report-print.png", full_page=True)
    page.emulate_media(media="screen")

    page.goto(live_server.url + "/console/audit/")
    assert page.get_by_text("report.targets_set").is_visible()
    check(page, axe, screenshot_dir, "console-audit")


def test_the_seating_plan_reads_and_prints(staff_page, live_server, axe, screenshot_dir):
    page = staff_page
    orgs = town(14)
    event = off_the_browser_loop(
        publish_event,
        page.staff,
        starts_at=timezone.now() + timedelta(days=3),
        title="秋の協働交流会",
        capacity=40,
    )
    for i, org in enumerate(orgs):
        off_the_browser_loop(register, event, org, attendees=1 + i % 3)
    page.goto(live_server.url + "/console/events/")
    check(page, axe, screenshot_dir, "console-events-desk")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="座席表").first.click()
    assert page.get_by_role("heading", name="1卓（", exact=False).first.is_visible()
    assert page.locator(".reasons li").count() >= 1
    check(page, axe, screenshot_dir, "console-seating")
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    page.screenshot(path=f"{screenshot_dir}/console-seating-print.png", full_page=True)


def test_an_unknown_ward_typed_into_the_address_is_explained_in_english_too(
    staff_page, live_server, axe
):
    page = staff_page
    page.goto(live_server.url + "/console/dashboard/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Impact dashboard").is_visible()
    assert serious_violations(axe, page) == []
    page.goto(live_server.url + "/console/dashboard/?ward=narnia")
    assert "There is no ward or area “narnia”" in page.get_by_role("alert").inner_text()


def test_the_introductions_board_reads_at_phone_width(staff_page, live_server, axe, screenshot_dir):
    page = staff_page
    orgs = town(8)
    for i, (a, b) in enumerate(zip(orgs, orgs[1:], strict=False)):
        when = timezone.now() - timedelta(days=3 * i)
        if i % 2:
            off_the_browser_loop(
                intro_services.introduction_propose,
                organization_a=a, organization_b=b, by=page.staff, note="補い合えそうです",
            )  # fmt: skip
            continue
        intro = off_the_browser_loop(request_introduction, a, b, when=when)
        if i % 4 == 0:
            off_the_browser_loop(answer, intro, when=when + timedelta(hours=5))
        else:
            off_the_browser_loop(answer, intro, accept=False, reason="no_capacity")
    page.goto(live_server.url + "/console/introductions/")
    assert page.get_by_role("heading", name="成立（2）").is_visible()
    check(page, axe, screenshot_dir, "console-board")


def test_staff_review_a_profile_propose_an_introduction_and_see_it_on_the_board(
    staff_page, live_server, axe, screenshot_dir
):
    page = staff_page
    food = tag("resource", "food")
    pending = OrganizationFactory(
        name="審査待ちの子ども食堂", kind="npo", status="pending", ward=tag("area", "taihaku")
    )
    ListingFactory(organization=pending, kind="need", title="食材の提供", tags=[food])
    partner = OrganizationFactory(name="杜の都青果", kind="company", ward=tag("area", "aoba"))
    ListingFactory(organization=partner, kind="offer", title="規格外野菜", tags=[food])

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/console/")
    page.get_by_role("link", name="審査待ちの子ども食堂").first.click()
    assert page.get_by_role("heading", name="審査待ちの子ども食堂", level=1).is_visible()
    assert fits_width(page)
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/console-curate-pending-phone.png", full_page=True)

    page.get_by_role("button", name="公開する").click()
    assert page.get_by_text("「審査待ちの子ども食堂」を公開しました。").is_visible()
    assert page.locator(".badge.status-published").first.is_visible()

    page.get_by_role("radio", name="杜の都青果").check()
    page.get_by_label("提案の理由（両方の団体に届きます）").fill(
        "規格外野菜を子ども食堂の食材に。太白区と青葉区で近いです。"
    )
    page.get_by_role("button", name="紹介を提案する").click()
    assert page.get_by_text("紹介を提案しました").is_visible()
    assert page.get_by_role("radio", name="杜の都青果").is_disabled()
    assert fits_width(page)
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/console-curate-proposed-phone.png", full_page=True)

    page.get_by_role("link", name="紹介ボード").click()
    column = page.locator(
        "section.board-column", has=page.get_by_role("heading", name="職員からの提案（1）")
    )
    assert column.get_by_role("link", name="審査待ちの子ども食堂 → 杜の都青果").is_visible()
    assert fits_width(page)
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/console-board-proposed-phone.png", full_page=True)

    column.get_by_role("link", name="審査待ちの子ども食堂 → 杜の都青果").click()
    assert page.get_by_text("introduction.propose").is_visible()
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/console-pair-phone.png", full_page=True)


def test_staff_see_an_event_changed_after_publication_and_mark_it_reviewed(
    staff_page, live_server, axe, screenshot_dir
):
    from events.services import event_update
    from tests.factories import MembershipFactory
    from tests.helpers import make_event

    def seed():
        org = OrganizationFactory(name="片平一丁目町内会", kind="neighborhood_association")
        owner = MembershipFactory(organization=org, role="owner").user
        event = make_event(organizer_org=org, capacity=30, title="防災まち歩き")
        event_update(event=event, by=owner, capacity=12, venue_name="片平市民センター 第2会議室")
        return org, event

    org, event = off_the_browser_loop(seed)
    page = staff_page
    page.goto(f"{live_server.url}/console/")
    page.get_by_role("link", name="防災まち歩き").first.click()
    page.get_by_role("heading", name="公開後に変更された内容").wait_for()
    check(page, axe, screenshot_dir, "event-changed-after-review")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="変更を確認した").click()
    page.get_by_text("公開後の変更を確認済みにしました。").wait_for()
    page.goto(f"{live_server.url}/console/curate/{org.pk}/")
    page.get_by_role("button", name="掲載を停止する").wait_for()
    check(page, axe, screenshot_dir, "curate-with-suspend")


def test_staff_read_what_the_matcher_learned_and_reset_it(
    staff_page, live_server, axe, screenshot_dir
):
    wards = ["aoba", "aoba", "izumi", "taihaku", "miyagino", "wakabayashi"]
    orgs = []
    for i, ward in enumerate(wards):
        org = OrganizationFactory(name=f"学習団体{i}", kind=KINDS[i], ward=tag("area", ward))
        ListingFactory(organization=org, kind="need", tags=[tag("resource", RESOURCES[i % 3])])
        ListingFactory(
            organization=org, kind="offer", tags=[tag("resource", RESOURCES[(i + 1) % 3])]
        )
        orgs.append(org)
    for i, j, accept, reason in [
        (0, 1, True, ""), (1, 2, True, ""), (2, 3, False, "too_far"),
        (3, 4, False, "not_our_field"), (4, 5, True, ""), (5, 0, False, "no_capacity"),
        (0, 2, False, "too_far"),
    ]:  # fmt: skip
        answer(request_introduction(orgs[i], orgs[j]), accept=accept, reason=reason)
    page = staff_page
    page.goto(f"{live_server.url}/console/matching/learning/")
    assert page.get_by_role("heading", name="マッチングが学んだこと").is_visible()
    assert page.get_by_role("img", name="組み合わせの重み（%）").is_visible()
    check(page, axe, screenshot_dir, "console-learning")
    page.get_by_label("メモ（任意）").fill("新年度から学び直す")
    page.get_by_role("button", name="学んだことをリセットする").click()
    assert page.get_by_text("学習をリセットしました").is_visible()
    assert page.get_by_text("まだ学んだことはありません").is_visible()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/console/matching/learning/")
    assert page.get_by_role("heading", name="What the matcher has learned").is_visible()
    check(page, axe, screenshot_dir, "console-learning-reset-en")
